/** One condition of a query's WHERE clause, as the double understands them. */
export type QueryCondition =
  | { field: 'Id'; in: string[] }
  | { field: 'Active'; in: boolean[] }
  | { field: 'MetaData.LastUpdatedTime'; op: '>=' | '>' | '<=' | '<' | '='; value: string };

/** A parsed `select * from <Entity> [where …] [ORDERBY …] [STARTPOSITION n] [MAXRESULTS m]`. */
export interface ParsedQuery {
  entity: string;
  where: QueryCondition[];
  orderBy: string | null;
  startPosition: number;
  maxResults: number;
}

const STATEMENT = /^\s*select\s+\*\s+from\s+(\w+)(?:\s+where\s+(.+?))?(?:\s+orderby\s+([\w.]+)(?:\s+(?:asc|desc))?)?(?:\s+startposition\s+(\d+))?(?:\s+maxresults\s+(\d+))?\s*$/i;
const LIST = /^\((.*)\)$/;
const literal = (text: string): string => text.trim().replace(/^'(.*)'$/, '$1').replace(/\\(.)/g, '$1');

/**
 * Parses the subset of QuickBooks' query language the source uses (Intuit's "Query
 * operations and syntax": one entity, `*`, conditions joined by AND, `IN` lists, one
 * ORDERBY field, STARTPOSITION from 1, MAXRESULTS default 100 and at most 1000). Throws
 * the text of Intuit's `QueryParserError` / `QueryValidationError` detail otherwise.
 */
export function parseQuery(statement: string): ParsedQuery {
  const match = STATEMENT.exec(statement);
  if (match === null) throw new Error(`QueryParserError: Encountered an unexpected token in "${statement.slice(0, 60)}"`);
  const where = (match[2] ?? '')
    .split(/\s+and\s+/i)
    .filter((c) => c.trim() !== '')
    .map((condition): QueryCondition => {
      const inList = /^\s*(Id|Active)\s+in\s+(\(.*\))\s*$/i.exec(condition);
      if (inList !== null) {
        const items = (LIST.exec(inList[2] ?? '')?.[1] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
        return (inList[1] ?? '').toLowerCase() === 'id' ? { field: 'Id', in: items.map(literal) } : { field: 'Active', in: items.map((s) => s.toLowerCase() === 'true') };
      }
      const compare = /^\s*(Id|Active|MetaData\.LastUpdatedTime)\s*(>=|<=|=|>|<)\s*(.+?)\s*$/i.exec(condition);
      if (compare === null) throw new Error(`QueryParserError: Encountered an unexpected token in "${condition.trim()}"`);
      const field = (compare[1] ?? '').toLowerCase();
      const value = literal(compare[3] ?? '');
      if (field === 'id' && compare[2] === '=') return { field: 'Id', in: [value] };
      if (field === 'active' && compare[2] === '=') return { field: 'Active', in: [value.toLowerCase() === 'true'] };
      if (field === 'metadata.lastupdatedtime') return { field: 'MetaData.LastUpdatedTime', op: compare[2] as '>=', value };
      throw new Error(`QueryValidationError: operator ${compare[2]} is not supported for ${compare[1]}`);
    });
  const maxResults = Number(match[5] ?? '100');
  if (maxResults > 1000) throw new Error(`QueryValidationError: value ${maxResults} is too large. Max allowed value is 1000`);
  return { entity: match[1] ?? '', where, orderBy: match[3] ?? null, startPosition: Math.max(1, Number(match[4] ?? '1')), maxResults };
}
