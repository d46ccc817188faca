import { parseArgs } from "node:util";
import { mintToken } from "../auth/tokens";
import { Role } from "../auth/viewer";

/** `npm run token -- --role CAF_AGENT --department 52 [--department 10] [--association 12] [--subject name] [--expires 8h]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      department: { type: "string", multiple: true },
      association: { type: "string" },
      subject: { type: "string" },
      expires: { type: "string", default: "8h" },
    },
  });
  const secret = process.env.JWT_SECRET;
  if (!secret) throw new Error("JWT_SECRET must be set (the same secret as the hub's)");
  const role = values.role?.toUpperCase();
  if (!role || !(role in Role)) throw new Error(`--role must be one of ${Object.values(Role).join(", ")}`);
  if (role === Role.PARTNER && !values.association) throw new Error("--association is required for a PARTNER token");
  const token = await mintToken(
    secret,
    {
      subject: values.subject ?? `${role.toLowerCase()}-cli`,
      role: role as Role,
      departments: values.department,
      association: values.association ? Number(values.association) : undefined,
    },
    values.expires,
  );
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
