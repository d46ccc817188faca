import { parsedOrNull } from "./arguments";
import { parseArgs } from "node:util";
import { ClaimsError } from "../auth/claims";
import { DEFAULT_JWT_MAX_AGE_S, jwtMaxAgeS, mintToken } from "../auth/tokens";
import { Role } from "../auth/viewer";

const USAGE = `Usage : JWT_SECRET=… npm run --silent token -- --role <rôle> [options]

Fabrique un jeton d'accès au hub (JWT HS256 signé avec JWT_SECRET, le même secret que le hub) et l'écrit sur
la sortie standard. Ses revendications passent par la lecture du hub (src/auth/claims.ts) : un jeton que le
hub refuserait n'est pas fabriqué.

Options :
  --role <rôle>          ${Object.values(Role).join(" | ")} (obligatoire)
  --department <code>    département d'un CAF_AGENT ou d'un ANALYST, à répéter pour plusieurs ;
                         sans --department, portée nationale
  --association <id>     identifiant de l'association d'un PARTNER (obligatoire pour PARTNER, interdit sinon)
  --subject <nom>        sujet (sub) inscrit au journal d'audit (défaut : <rôle>-cli)
  --expires <durée>      validité : 30m, 8h, 1d… (défaut 8h ; au plus JWT_MAX_AGE_S, ${DEFAULT_JWT_MAX_AGE_S} s par défaut)
  --help                 cette aide

Exemples :
  JWT_SECRET=… npm run --silent token -- --role CAF_AGENT --department 52
  JWT_SECRET=… npm run --silent token -- --role ANALYST --department 52 --department 10 --expires 1h
  JWT_SECRET=… npm run --silent token -- --role PARTNER --association 12
  curl -H "Authorization: Bearer $(JWT_SECRET=… npm run --silent token -- --role ADMIN)" \\
       -H "content-type: application/json" -d '{"query":"{ departments { code } }"}' http://localhost:4000/graphql

Code de sortie : 0 jeton écrit, 1 jeton refusé (revendications, durée) ou JWT_SECRET absent, 2 mauvaise commande.`;

/** `npm run token -- --role CAF_AGENT --department 52 …`: returns the exit code. */
export async function tokenCommand(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const parsed = parsedOrNull(
    () =>
      parseArgs({
        args: argv,
        options: {
          role: { type: "string" },
          department: { type: "string", multiple: true },
          association: { type: "string" },
          subject: { type: "string" },
          expires: { type: "string", default: "8h" },
          help: { type: "boolean", default: false },
        },
      }),
    USAGE,
  );
  if (parsed === null) return 2;
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const role = values.role?.toUpperCase();
  if (!role || !Object.values<string>(Role).includes(role)) {
    console.error(`--role : un de ${Object.values(Role).join(", ")} attendu${values.role ? `, reçu « ${values.role} »` : ""}\n\n${USAGE}`);
    return 2;
  }
  if (values.association !== undefined && !/^[0-9]+$/.test(values.association)) {
    console.error(`--association : identifiant numérique attendu, reçu « ${values.association} »`);
    return 2;
  }
  const secret = env.JWT_SECRET;
  if (!secret || secret.length < 32) {
    console.error(`JWT_SECRET doit être défini, de 32 caractères au moins (le même secret que celui du hub)`);
    return 1;
  }
  try {
    const token = await mintToken(
      secret,
      {
        subject: values.subject ?? `${role.toLowerCase()}-cli`,
        role: role as Role,
        departments: values.department,
        association: values.association === undefined ? undefined : Number(values.association),
      },
      values.expires,
      jwtMaxAgeS(env),
    );
    console.log(token);
    return 0;
  } catch (error) {
    console.error(`Jeton refusé : ${error instanceof ClaimsError ? error.message : (error as Error).message}`);
    return error instanceof ClaimsError ? 1 : 2;
  }
}

if (require.main === module) {
  tokenCommand(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
