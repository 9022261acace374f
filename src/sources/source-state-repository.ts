import type { SourceState } from '../model/source-state';
import type { RepositoryBasics } from '../storage/kit/repository-basics';

/** Each tenant's pull state per source (its cursor, schedule and last pull), keyed by the source's name. */
export interface SourceStateRepository extends RepositoryBasics<SourceState> {
  /** Every source state of the tenant, by source name (code units). */
  list(tenantId: string): Promise<SourceState[]>;
}
