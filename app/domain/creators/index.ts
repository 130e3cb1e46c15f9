// Creators, pure: the status table, handle suggestion, field validation, CSV import rows and export cells.
export {
  assertCreatorTransition,
  canTransitionCreator,
  CREATOR_STATUS_TRANSITIONS,
  CREATOR_STATUSES,
  CreatorStatusError,
  requiresReason,
  type CreatorStatus,
} from "./creator-status-transitions";
export {
  ADDRESS_FIELDS,
  parseCreatorFields,
  SOCIAL_NETWORKS,
  type CommissionOverride,
  type CreatorAddress,
  type CreatorDraft,
  type CreatorField,
  type FieldError,
  type RawCreatorFields,
  type SocialHandles,
  type SocialNetwork,
} from "./creator-draft";
export { HANDLE_PATTERN, suggestHandle, withHandleSuffix } from "./suggest-handle";
export {
  IMPORT_COLUMNS,
  normalizeHeader,
  OPTIONAL_IMPORT_COLUMNS,
  REQUIRED_IMPORT_COLUMNS,
  validateImportHeaders,
  validateImportRows,
  type ImportColumn,
  type ImportRowCandidate,
  type ImportRowError,
} from "./validate-import";
export { neutralizeCsvFormula } from "./neutralize-csv-formula";
