-- The statement inside each batch function is planned once per connection and its plan kept (a generic plan), instead
-- of being planned afresh on every call. PL/pgSQL caches the statement's plan, but by default PostgreSQL plans it with
-- each call's arguments for the first five calls and then keeps doing so whenever its cost estimates favour that; for
-- the hold batch they did on some connections and not on others. Planning this statement (a dozen CTEs over five
-- tables) costs far more than running it: a batch of 16 holds took about 5 ms of the server's CPU when planned per
-- call against 0.3 ms with the kept plan (docs/performance.md, "Where a hold's and a payment's time goes"). A kept
-- plan cannot depend on the argument values, and these statements do not need to: every table is reached by its keys
-- (StatementPlansAtSaleStartTest and BatchFunctionPlansTest check the plans).
ALTER FUNCTION concert.hold_batch(BIGINT[], BIGINT[], BIGINT[], BIGINT[], INTEGER[], TIMESTAMPTZ[], TIMESTAMPTZ[],
                                  INTEGER, INTEGER, BIGINT)
    SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION concert.confirm_batch(BIGINT[], BIGINT[], BIGINT[], TIMESTAMPTZ, INTEGER)
    SET plan_cache_mode = force_generic_plan;
