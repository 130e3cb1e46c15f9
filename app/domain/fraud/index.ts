export * from "./fraud-types";
export * from "./normalize-identity";
export * from "./traffic-signals";
export * from "./fraud-settings";
