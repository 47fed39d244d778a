/**
 * Bundled list prices in LiteLLM's `model_prices_and_context_window.json` shape (USD per token).
 * Override with TALLY_PRICES_FILE (a full LiteLLM file works as is). Checked against the vendors'
 * public price pages; entries for dated snapshots are found by stripping the date suffix.
 */
export const DEFAULT_PRICES: Record<string, Record<string, number | string>> = {
  // OpenAI
  'gpt-5': { input_cost_per_token: 1.25e-6, output_cost_per_token: 1e-5, cache_read_input_token_cost: 1.25e-7, litellm_provider: 'openai' },
  'gpt-5-mini': { input_cost_per_token: 2.5e-7, output_cost_per_token: 2e-6, cache_read_input_token_cost: 2.5e-8, litellm_provider: 'openai' },
  'gpt-5-nano': { input_cost_per_token: 5e-8, output_cost_per_token: 4e-7, cache_read_input_token_cost: 5e-9, litellm_provider: 'openai' },
  'gpt-4.1': { input_cost_per_token: 2e-6, output_cost_per_token: 8e-6, cache_read_input_token_cost: 5e-7, litellm_provider: 'openai' },
  'gpt-4.1-mini': { input_cost_per_token: 4e-7, output_cost_per_token: 1.6e-6, cache_read_input_token_cost: 1e-7, litellm_provider: 'openai' },
  'gpt-4.1-nano': { input_cost_per_token: 1e-7, output_cost_per_token: 4e-7, cache_read_input_token_cost: 2.5e-8, litellm_provider: 'openai' },
  'gpt-4o': { input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, cache_read_input_token_cost: 1.25e-6, litellm_provider: 'openai' },
  'gpt-4o-mini': { input_cost_per_token: 1.5e-7, output_cost_per_token: 6e-7, cache_read_input_token_cost: 7.5e-8, litellm_provider: 'openai' },
  o3: { input_cost_per_token: 2e-6, output_cost_per_token: 8e-6, cache_read_input_token_cost: 5e-7, litellm_provider: 'openai' },
  'o4-mini': { input_cost_per_token: 1.1e-6, output_cost_per_token: 4.4e-6, cache_read_input_token_cost: 2.75e-7, litellm_provider: 'openai' },
  o1: { input_cost_per_token: 1.5e-5, output_cost_per_token: 6e-5, cache_read_input_token_cost: 7.5e-6, litellm_provider: 'openai' },
  'text-embedding-3-small': { input_cost_per_token: 2e-8, output_cost_per_token: 0, litellm_provider: 'openai' },
  'text-embedding-3-large': { input_cost_per_token: 1.3e-7, output_cost_per_token: 0, litellm_provider: 'openai' },
  // Anthropic
  'claude-opus-4-5': { input_cost_per_token: 5e-6, output_cost_per_token: 2.5e-5, cache_read_input_token_cost: 5e-7, cache_creation_input_token_cost: 6.25e-6, litellm_provider: 'anthropic' },
  'claude-opus-4-1': { input_cost_per_token: 1.5e-5, output_cost_per_token: 7.5e-5, cache_read_input_token_cost: 1.5e-6, cache_creation_input_token_cost: 1.875e-5, litellm_provider: 'anthropic' },
  'claude-opus-4': { input_cost_per_token: 1.5e-5, output_cost_per_token: 7.5e-5, cache_read_input_token_cost: 1.5e-6, cache_creation_input_token_cost: 1.875e-5, litellm_provider: 'anthropic' },
  'claude-sonnet-4-5': { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, cache_read_input_token_cost: 3e-7, cache_creation_input_token_cost: 3.75e-6, litellm_provider: 'anthropic' },
  'claude-sonnet-4': { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, cache_read_input_token_cost: 3e-7, cache_creation_input_token_cost: 3.75e-6, litellm_provider: 'anthropic' },
  'claude-3-7-sonnet': { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, cache_read_input_token_cost: 3e-7, cache_creation_input_token_cost: 3.75e-6, litellm_provider: 'anthropic' },
  'claude-haiku-4-5': { input_cost_per_token: 1e-6, output_cost_per_token: 5e-6, cache_read_input_token_cost: 1e-7, cache_creation_input_token_cost: 1.25e-6, litellm_provider: 'anthropic' },
  'claude-3-5-haiku': { input_cost_per_token: 8e-7, output_cost_per_token: 4e-6, cache_read_input_token_cost: 8e-8, cache_creation_input_token_cost: 1e-6, litellm_provider: 'anthropic' },
  // Google
  'gemini-2.5-pro': { input_cost_per_token: 1.25e-6, output_cost_per_token: 1e-5, cache_read_input_token_cost: 1.25e-7, litellm_provider: 'gemini' },
  'gemini-2.5-flash': { input_cost_per_token: 3e-7, output_cost_per_token: 2.5e-6, cache_read_input_token_cost: 3e-8, litellm_provider: 'gemini' },
  'gemini-2.5-flash-lite': { input_cost_per_token: 1e-7, output_cost_per_token: 4e-7, cache_read_input_token_cost: 1e-8, litellm_provider: 'gemini' },
  'gemini-2.0-flash': { input_cost_per_token: 1e-7, output_cost_per_token: 4e-7, cache_read_input_token_cost: 2.5e-8, litellm_provider: 'gemini' },
};
