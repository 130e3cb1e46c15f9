export { addCollisionSuffix, CODE_PATTERN_TOKENS, MAX_CODE_LENGTH, renderCodePattern, sanitizeCodeText, validateCodeText } from "./render-code-pattern";
export type { CodePatternCreator, RenderCodePatternResult } from "./render-code-pattern";
