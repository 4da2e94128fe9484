/** The last lines a started target (container, command) wrote to stdout and stderr. */

/** Keeps the last `capacity` complete lines of a byte or text stream; a partial line is kept apart. */
export class LogBuffer {
  readonly #lines: string[] = [];
  #partial = "";

  constructor(private readonly capacity = 500) {}

  /** Appends a chunk; lines are split on LF (a trailing CR is dropped). */
  push(chunk: string | Buffer): void {
    const parts = (this.#partial + chunk.toString()).split("\n");
    this.#partial = parts.pop() ?? "";
    for (const line of parts) this.#add(line.replace(/\r$/, ""));
  }

  /** Appends one whole line (e.g. a note from the harness itself). */
  note(line: string): void {
    this.#add(line);
  }

  /** Every kept line, oldest first, including an unterminated last line. */
  lines(): string[] {
    return this.#partial === "" ? [...this.#lines] : [...this.#lines, this.#partial];
  }

  /** The last `n` lines. */
  tail(n: number): string[] {
    return this.lines().slice(-n);
  }

  #add(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.capacity) this.#lines.splice(0, this.#lines.length - this.capacity);
  }
}
