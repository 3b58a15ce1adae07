/**
 * Cityworks parses `data` with Newtonsoft in non-strict mode, so real clients get away with
 * single-quoted strings, unquoted keys and trailing commas. This parser accepts the same.
 */
export class LenientJsonError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at position ${position}`);
    this.name = 'LenientJsonError';
  }
}

export function parseLenientJson(text: string): unknown {
  const p = new Parser(text);
  p.skipSpace();
  const value = p.value();
  p.skipSpace();
  if (!p.atEnd()) throw new LenientJsonError('Unexpected trailing text', p.pos);
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.s[this.pos] ?? '')) this.pos++;
  }

  value(): unknown {
    const c = this.s[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'") return this.string();
    return this.bare();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const c = this.s[this.pos];
      const key = c === '"' || c === "'" ? this.string() : this.identifier();
      this.skipSpace();
      if (this.s[this.pos] !== ':') throw new LenientJsonError("Expected ':'", this.pos);
      this.pos++;
      this.skipSpace();
      out[key] = this.value();
      this.skipSpace();
      if (this.s[this.pos] === ',') this.pos++;
      else if (this.s[this.pos] !== '}') throw new LenientJsonError("Expected ',' or '}'", this.pos);
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.skipSpace();
      if (this.s[this.pos] === ',') this.pos++;
      else if (this.s[this.pos] !== ']') throw new LenientJsonError("Expected ',' or ']'", this.pos);
    }
  }

  private string(): string {
    const quote = this.s[this.pos];
    this.pos++;
    let out = '';
    while (!this.atEnd()) {
      const c = this.s[this.pos++] ?? '';
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.pos++] ?? '';
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"', "'": "'" };
      if (e === 'u') {
        const hex = this.s.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new LenientJsonError('Bad unicode escape', this.pos);
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 4;
      } else {
        out += simple[e] ?? e;
      }
    }
    throw new LenientJsonError('Unterminated string', this.pos);
  }

  private identifier(): string {
    const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.pos));
    if (!m) throw new LenientJsonError('Expected a key', this.pos);
    this.pos += m[0].length;
    return m[0];
  }

  private bare(): unknown {
    const m = /^[^,}\]\s]+/.exec(this.s.slice(this.pos));
    if (!m) throw new LenientJsonError('Expected a value', this.pos);
    this.pos += m[0].length;
    const word = m[0];
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null' || word === 'undefined') return null;
    const n = Number(word);
    if (word !== '' && Number.isFinite(n)) return n;
    throw new LenientJsonError(`Unexpected token '${word}'`, this.pos - word.length);
  }
}
