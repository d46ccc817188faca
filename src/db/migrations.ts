import { Initial1795473979455 } from "../../migrations/1795473979455-Initial";
import { ForeignKeyIndexes1795476959896 } from "../../migrations/1795476959896-ForeignKeyIndexes";
import { AuditAndRowSecurity1795477036683 } from "../../migrations/1795477036683-AuditAndRowSecurity";
import { CommuneIndicatorLatestIndex1795484712144 } from "../../migrations/1795484712144-CommuneIndicatorLatestIndex";
import { DataVersion1795560000000 } from "../../migrations/1795560000000-DataVersion";
import { FieldRuleChecks1795580000000 } from "../../migrations/1795580000000-FieldRuleChecks";
import { TextSearch1795640000000 } from "../../migrations/1795640000000-TextSearch";
import { ActionConventionTitleIndex1796605389483 } from "../../migrations/1796605389483-ActionConventionTitleIndex";
import { GeographyVintages1796618537622 } from "../../migrations/1796618537622-GeographyVintages";

/** The migrations, in order: listed explicitly so ts-jest, tsc output and the CLI load the same classes. */
export const migrations: Function[] = [
  Initial1795473979455,
  ForeignKeyIndexes1795476959896,
  AuditAndRowSecurity1795477036683,
  CommuneIndicatorLatestIndex1795484712144,
  DataVersion1795560000000,
  FieldRuleChecks1795580000000,
  TextSearch1795640000000,
  ActionConventionTitleIndex1796605389483,
  GeographyVintages1796618537622,
];
