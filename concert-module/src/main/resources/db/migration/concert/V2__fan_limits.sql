-- Per-fan limits. A concert may carry its own limits; NULL means the configured default
-- (stagedoor.reservation.holds-per-fan / tickets-per-fan). The hold statement counts a fan's live holds and tickets
-- of a concert through the partial index below, and looks for the fan's recent unpaid hold of the same seat
-- (the re-hold cool-down) through the second one.

ALTER TABLE concert.concerts
    ADD COLUMN holds_per_fan   INTEGER CHECK (holds_per_fan BETWEEN 1 AND 1000),
    ADD COLUMN tickets_per_fan INTEGER CHECK (tickets_per_fan BETWEEN 1 AND 1000);

CREATE INDEX reservations_fan_live_idx ON concert.reservations (user_id, concert_id)
    WHERE status IN ('HELD', 'CONFIRMED');

CREATE INDEX reservations_fan_seat_idx ON concert.reservations (user_id, schedule_id, seat_number);
