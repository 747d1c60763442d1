-- The statement inside each batch function is planned once per connection and its plan kept (a generic plan), instead
-- of being planned afresh on every call. PL/pgSQL caches the statement's plan, but by default PostgreSQL plans it with
-- each call's arguments for the first five calls and then keeps doing so whenever its cost estimates favour that, so
-- which way a connection goes depends on its first calls (two psql sessions went opposite ways). Planning this statement (a dozen CTEs over five
-- tables) costs far more than running it: a call with 16 holds took 4.6-7.8 ms in psql when planned per
-- call against 0.3 ms with the kept plan (docs/performance.md, "Where a hold's and a payment's time goes"). A kept
-- plan cannot depend on the argument values, and these statements do not need to: every table is reached by its keys
-- (StatementPlansAtSaleStartTest and BatchFunctionPlansTest check the plans).
ALTER FUNCTION concert.hold_batch(BIGINT[], BIGINT[], BIGINT[], BIGINT[], INTEGER[], TIMESTAMPTZ[], TIMESTAMPTZ[],
                                  INTEGER, INTEGER, BIGINT)
    SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION concert.confirm_batch(BIGINT[], BIGINT[], BIGINT[], TIMESTAMPTZ, INTEGER)
    SET plan_cache_mode = force_generic_plan;
