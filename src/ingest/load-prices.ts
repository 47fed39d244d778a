import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_PRICES } from '../domain/default-prices.js';
import { buildPriceTable, type PriceTable } from '../domain/prices.js';
import { UserError } from '../errors.js';

const priceFileSchema = z.record(z.string(), z.unknown());

/** The bundled table, or TALLY_PRICES_FILE in LiteLLM's model_prices_and_context_window.json shape. */
export async function loadPriceTable(path?: string): Promise<PriceTable> {
  if (!path) return buildPriceTable(DEFAULT_PRICES);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`TALLY_PRICES_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`TALLY_PRICES_FILE: ${path} is not valid JSON`, { cause: err });
  }
  const parsed = priceFileSchema.safeParse(json);
  if (!parsed.success) throw new UserError(`TALLY_PRICES_FILE: ${path} must be a JSON object of model → prices`);
  const table = buildPriceTable(parsed.data);
  if (table.size === 0) throw new UserError(`TALLY_PRICES_FILE: ${path} has no model with input_cost_per_token`);
  return table;
}
