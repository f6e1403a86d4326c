// Rendering preact trees into the test document, and waiting for the effects and promises they start.
import { type ComponentChild, render } from 'preact';
import { act } from 'preact/test-utils';

export async function mount(tree: ComponentChild): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  await act(async () => {
    render(tree, root);
  });
  await settle();
  return root;
}

/** Lets pending promises (fake client answers) resolve and the renders they cause finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

export async function click(element: Element | null | undefined): Promise<void> {
  if (!(element instanceof HTMLElement)) throw new Error('Nothing to click');
  await act(async () => {
    element.click();
  });
  await settle();
}

export function all(root: ParentNode, selector: string): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(selector)];
}

export function one(root: ParentNode, selector: string): HTMLElement {
  const found = root.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`No element matches ${selector}`);
  return found;
}
