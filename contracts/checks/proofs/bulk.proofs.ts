/**
 * Broken servers for the bulk checks (bulk-checks.ts): the fake with RFC 7644 §3.7 Bulk
 * (test-support/bulk-server.ts), broken in one rule each.
 */
import { bulkSupport } from "../../test-support/bulk-server.ts";
import type { BulkOptions } from "../../test-support/bulk-server.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";

const bulk = (options: BulkOptions) => (fake: Parameters<typeof bulkSupport>[0]) =>
  bulkSupport(fake, options);

export const BULK_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7644.bulk.partial-failure",
    broken: "stops a bulk job at its first failed operation",
    hooks: bulk({ stopOnFirstError: true }),
  },
  {
    check: "rfc7644.bulk.partial-failure",
    broken: "reports a failed bulk operation without a response body",
    hooks: bulk({ errorResponse: "none" }),
  },
  {
    check: "rfc7644.bulk.partial-failure",
    broken: "reports a failed bulk operation with a response that is not a §3.12 error",
    hooks: bulk({ errorResponse: "not-scim" }),
  },
  {
    check: "rfc7644.bulk.partial-failure",
    broken: "reports a failed bulk operation's error without a description",
    hooks: bulk({ errorResponse: "no-detail" }),
  },
  {
    check: "rfc7644.bulk.bulk-id-references",
    broken: "does not replace bulkId references",
    hooks: bulk({ resolve: "none" }),
  },
  {
    check: "rfc7644.bulk.bulk-id-references",
    broken: "replaces bulkId references in members but not in the enterprise extension",
    hooks: bulk({ resolve: "members-only" }),
  },
  {
    check: "rfc7644.bulk.limit-named-413",
    broken: 'answers more operations than maxOperations with 413 "Payload Too Large", naming no limit',
    hooks: bulk({ limitDetail: "unnamed" }),
  },
  {
    check: "rfc7644.bulk.circular-references",
    broken: "creates two groups that reference each other by bulkId without their members",
    hooks: bulk({ circular: "drop" }),
  },
];
