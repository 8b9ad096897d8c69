-- Whether a granted call was really sent (its row then carries the time it was sent). A call not
-- sent yet counts in its model's window however long ago its permit was granted, as long as the
-- permit is alive: a slow claim or object store between grant and send must never let another call
-- in when the grant's time leaves the window while the call itself is still to come.
alter table rate_limit_calls add column sent boolean not null default false;

-- Counting calls granted but not sent reads the few such rows of one model.
create index rate_limit_calls_unsent on rate_limit_calls (model) where not sent;
