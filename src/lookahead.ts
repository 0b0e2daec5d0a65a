/**
 * Looking ahead into what a client selected below a field, so that a resolver can start slow work its children will
 * need (a source call that does not depend on the parent's answer) instead of waiting for the tree to get there.
 */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

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
