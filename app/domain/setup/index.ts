export { buildThemeEditorUrl } from "./build-theme-editor-url";
export { decideSetupSteps, SETUP_STEP_IDS, type SetupInput, type SetupStep, type SetupStepId } from "./decide-setup-steps";
export { readAppEmbedState, type AppEmbedState } from "./read-app-embed-state";
