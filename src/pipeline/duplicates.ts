/** The same content under two names is read once: the later copy is reported and skipped. */
import { diag, type Diagnostic } from '../diagnostics/message.js';

export class SeenContent {
  private readonly first = new Map<string, string>(); // sha256 → first path

  /** A W_DUPLICATE warning when this content came before under another path, else null (and remember it). */
  check(sha256: string, path: string): Diagnostic | null {
    const first = this.first.get(sha256);
    if (first !== undefined) return diag(path, 'W_DUPLICATE', `same content as ${first}; skipped so that it is not counted twice`, { severity: 'warning' });
    this.first.set(sha256, path);
    return null;
  }
}
