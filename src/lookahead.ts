/**
 * Looking ahead into what a client selected below a field, so that a resolver can start slow work its children will
 * need (a source call that does not depend on the parent's answer) instead of waiting for the tree to get there.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** True when `name` is selected directly under the current field, through fragments too. Directives are not evaluated. */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    set?.selections.some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return selection.name.value === name;
        case Kind.INLINE_FRAGMENT:
          return visit(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD: {
          if (seen.has(selection.name.value)) return false;
          seen.add(selection.name.value);
          return visit(info.fragments[selection.name.value]?.selectionSet);
        }
      }
    }) ?? false;
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/**
 * The field nodes reached from the current field by `path` (field names, one per level; through fragments too):
 * `['edges', 'node', 'satisfaction']` under a services connection gives every `satisfaction` selection of its nodes,
 * aliases included. Directives are not evaluated.
 */
export function selectedFieldNodes(info: GraphQLResolveInfo, path: readonly string[]): FieldNode[] {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const node of level) collectFields(info, node.selectionSet, name, next, new Set());
    level = next;
  }
  return [...level];
}

function collectFields(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, name: string, into: FieldNode[], seen: Set<string>): void {
  for (const selection of set?.selections ?? []) {
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value === name) into.push(selection);
        break;
      case Kind.INLINE_FRAGMENT:
        collectFields(info, selection.selectionSet, name, into, seen);
        break;
      case Kind.FRAGMENT_SPREAD:
        if (seen.has(selection.name.value)) break;
        seen.add(selection.name.value);
        collectFields(info, info.fragments[selection.name.value]?.selectionSet, name, into, seen);
        break;
    }
  }
}
