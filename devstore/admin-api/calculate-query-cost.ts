/**
 * Shopify's calculated query cost, simplified to its published defaults:
 *   scalars and enums 0; an object 1; a connection 2 + (page size × the cost of one node); an interface or union
 *   the most expensive of its possible selections.
 * The requested cost is the worst case, computed from the document before it runs (page sizes as asked). The
 * actual cost is computed from the answer (page sizes as returned); Shopify charges the requested cost up front
 * and refunds the difference.
 */
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "./graphql-runtime.ts";

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** Coerced variable values (graphql's getVariableValues). */
  variables: Readonly<Record<string, unknown>>;
}

/** Mutations start at 10 points in Shopify's model. */
const MUTATION_BASE_COST = 10;

export function calculateRequestedCost(input: CostInput): number {
  return operationCost(input, undefined);
}

/** `data` is the executed result's `data` (null when execution failed at the root). */
export function calculateActualCost(input: CostInput, data: unknown): number {
  return operationCost(input, { value: data });
}

/** `observed` is undefined when computing the requested (worst-case) cost, else it wraps the answered value. */
type Observed = { value: unknown } | undefined;

function operationCost(input: CostInput, observed: Observed): number {
  const root = input.operation.operation === "mutation" ? input.schema.getMutationType() : input.schema.getQueryType();
  if (!root) return 0;
  const base = input.operation.operation === "mutation" ? MUTATION_BASE_COST : 0;
  if (observed && !isRecord(observed.value)) return base;
  return base + objectSelectionCost(input, root, [input.operation.selectionSet], observed);
}

function objectSelectionCost(input: CostInput, type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[], observed: Observed): number {
  let total = 0;
  for (const [responseKey, fieldNodes] of collectFields(input, type, selectionSets)) {
    const first = fieldNodes[0];
    if (!first || first.name.value.startsWith("__")) continue;
    const field = type.getFields()[first.name.value];
    if (!field) continue;
    const value = observed && isRecord(observed.value) ? { value: observed.value[responseKey] } : undefined;
    total += fieldCost(input, field, fieldNodes, observed ? value : undefined);
  }
  return total;
}

function fieldCost(input: CostInput, field: GraphQLField<unknown, unknown>, fieldNodes: readonly FieldNode[], observed: Observed): number {
  const namedType = getNamedType(field.type);
  if (isLeafType(namedType)) return 0;
  if (observed && (observed.value === null || observed.value === undefined)) return 0;
  const selectionSets = fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  const args = fieldNodes[0] ? getArgumentValues(field, fieldNodes[0], { ...input.variables }) : {};

  if (isObjectType(namedType) && isConnectionType(namedType)) {
    return 2 + connectionItemsCost(input, namedType, selectionSets, args, observed);
  }

  const listOf = unwrapList(field.type);
  if (listOf && Array.isArray(args.ids)) {
    // `nodes(ids:)` and friends: one object per id asked for.
    if (!observed) return args.ids.length * compositeCost(input, namedType, selectionSets, undefined);
    const items = Array.isArray(observed.value) ? observed.value : [];
    return items.reduce<number>((sum, item) => sum + (item === null ? 0 : compositeCost(input, namedType, selectionSets, { value: item })), 0);
  }
  if (listOf) {
    // A plain list of objects (selectedOptions, options) is charged like one object.
    const items = observed && Array.isArray(observed.value) ? observed.value : undefined;
    if (items && items.length === 0) return 0;
    return compositeCost(input, namedType, selectionSets, items ? { value: items[0] } : undefined);
  }
  return compositeCost(input, namedType, selectionSets, observed);
}

/** 1 for the object itself plus its selections; for an interface or union, the dearest possible type. */
function compositeCost(input: CostInput, type: GraphQLCompositeType, selectionSets: readonly SelectionSetNode[], observed: Observed): number {
  if (isObjectType(type)) return 1 + objectSelectionCost(input, type, selectionSets, observed);
  if (isAbstractType(type)) {
    const costs = input.schema.getPossibleTypes(type).map((possible) => objectSelectionCost(input, possible, selectionSets, observed));
    return 1 + Math.max(0, ...costs);
  }
  return 0;
}

/** Page size × one node's cost, or, for the actual cost, the sum over the nodes returned. */
function connectionItemsCost(
  input: CostInput,
  connection: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  args: Readonly<Record<string, unknown>>,
  observed: Observed,
): number {
  const nodeField = connection.getFields().nodes;
  const edgesField = connection.getFields().edges;
  if (!nodeField || !edgesField) return 0;
  const nodeType = getNamedType(nodeField.type);
  const edgeType = getNamedType(edgesField.type);
  if (!isObjectType(edgeType) || (!isObjectType(nodeType) && !isAbstractType(nodeType))) return 0;

  const connectionFields = collectFields(input, connection, selectionSets);
  const paths: { viaEdges: boolean; key: string; nodeKey: string; sets: SelectionSetNode[] }[] = [];
  for (const [key, nodes] of connectionFields) {
    const fieldName = nodes[0]?.name.value;
    const sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    if (fieldName === "nodes") paths.push({ viaEdges: false, key, nodeKey: "", sets });
    if (fieldName === "edges") {
      for (const [nodeKey, edgeNodes] of collectFields(input, edgeType, sets)) {
        if (edgeNodes[0]?.name.value !== "node") continue;
        paths.push({ viaEdges: true, key, nodeKey, sets: edgeNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])) });
      }
    }
  }
  if (paths.length === 0) return 0;

  if (!observed) {
    const pageSize = numberOr(args.first, numberOr(args.last, 0));
    const perNode = Math.max(...paths.map((path) => compositeCost(input, nodeType, path.sets, undefined)));
    return pageSize * perNode;
  }

  // Actual: each path walks the returned items; the same node reached through edges and nodes is charged once.
  const costs = paths.map((path) => {
    const list = isRecord(observed.value) ? observed.value[path.key] : undefined;
    const items = Array.isArray(list) ? list : [];
    return items.reduce<number>((sum, item) => {
      const node = path.viaEdges ? (isRecord(item) ? item[path.nodeKey] : null) : item;
      return sum + (node === null || node === undefined ? 0 : compositeCost(input, nodeType, path.sets, { value: node }));
    }, 0);
  });
  return Math.max(...costs);
}

/** Fields of one selection set as graphql-js executes them: by response key, fragments applied, @skip/@include. */
function collectFields(input: CostInput, type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visit = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!isIncluded(input, selection)) continue;
      switch (selection.kind) {
        case Kind.FIELD: {
          const key = selection.alias?.value ?? selection.name.value;
          fields.set(key, [...(fields.get(key) ?? []), selection]);
          break;
        }
        case Kind.INLINE_FRAGMENT:
          if (!selection.typeCondition || typeApplies(input.schema, selection.typeCondition.name.value, type)) visit(selection.selectionSet);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const fragment = input.fragments[selection.name.value];
          if (fragment && typeApplies(input.schema, fragment.typeCondition.name.value, type)) visit(fragment.selectionSet);
          break;
        }
      }
    }
  };
  selectionSets.forEach(visit);
  return fields;
}

function isIncluded(input: CostInput, node: SelectionSetNode["selections"][number]): boolean {
  const variables = { ...input.variables };
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

function typeApplies(schema: GraphQLSchema, conditionName: string, type: GraphQLObjectType): boolean {
  const condition = schema.getType(conditionName);
  if (!condition) return false;
  if (condition === type) return true;
  return isAbstractType(condition) && schema.isSubType(condition, type);
}

function isConnectionType(type: GraphQLObjectType): boolean {
  const fields = type.getFields();
  return type.name.endsWith("Connection") && "edges" in fields && "pageInfo" in fields;
}

function unwrapList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
