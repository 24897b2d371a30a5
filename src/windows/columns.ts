/**
 * Growable typed columns for per-key aggregates held as "struct of arrays": one typed array per field
 * instead of one object per key, so a million keys cost a few bytes each. Read and write `data[i]`
 * directly; `push` may replace `data`, so read it again after pushing.
 */
export class Int32Column {
  data = new Int32Array(1024);
  length = 0;

  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }
}

export class Float64Column {
  data = new Float64Array(1024);
  length = 0;

  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }
}

/**
 * Small integer ids for strings (phone numbers): the first string seen gets 0, the next new one 1...
 * Lets pairs of numbers be keyed by one number instead of a concatenated string.
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(name: string): number {
    let i = this.ids.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.ids.set(name, i);
      this.names.push(name);
    }
    return i;
  }

  get size(): number {
    return this.names.length;
  }
}
