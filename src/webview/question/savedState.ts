/**
 * The webview's saved state (VS Code's getState/setState: it survives the panel being hidden or reloaded), cut
 * into one slot per key so that each page owns its own key and no other code writes it.
 */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** One key of the saved state. */
export interface StateSlot<V> {
  get(): V | undefined;
  set(value: V | undefined): void;
}

export class SavedState<S extends object> {
  private state: S;

  constructor(private readonly api: VsCodeApi) {
    const saved = api.getState();
    this.state = (typeof saved === 'object' && saved !== null ? saved : {}) as S;
  }

  slot<K extends keyof S>(key: K): StateSlot<Exclude<S[K], undefined>> {
    return {
      get: () => this.state[key] as Exclude<S[K], undefined> | undefined,
      set: (value) => {
        this.state = { ...this.state, [key]: value };
        this.api.setState(this.state);
      },
    };
  }
}
