-- The per-model limits in O(1) per grant (docs/decisions.md, "Rate limits in O(1): one slot per
-- permitted call"). rate_limit_calls and rate_limit_inflight stay for workers of the version before
-- during a rolling upgrade; this version neither reads nor writes them.

-- A model has exactly requests_per_minute slots. A slot holds the stamp of the last call it
-- permitted; a call is granted only on a slot whose stamp is older than the window (60 s + margin),
-- so two calls of one slot are always a window apart and, by pigeonhole, no window holds more calls
-- than the model has slots. While a granted call is not sent yet its slot's stamp is 'infinity'
-- (it counts however long it takes); prev_stamp is what a refund restores.
create table rate_limit_slots (
    model       text not null,
    slot        integer not null,
    stamp       timestamptz not null default '-infinity',
    prev_stamp  timestamptz not null default '-infinity',
    granted_at  timestamptz,
    permit_id   uuid,
    primary key (model, slot)
);

-- A grant takes a model's oldest slots.
create index rate_limit_slots_stamp on rate_limit_slots (model, stamp);
-- Marking a call sent, moving its stamp or refunding it finds its slot by the permit.
create unique index rate_limit_slots_permit on rate_limit_slots (permit_id);

-- A model has exactly max_concurrent tokens; a call in flight holds one until it ends or its lease
-- expires (a dead worker's tokens free themselves; live workers extend them with their leases).
create table rate_limit_tokens (
    model       text not null,
    token       integer not null,
    permit_id   uuid,
    expires_at  timestamptz not null default '-infinity',
    primary key (model, token)
);

-- A grant takes free tokens (expired ones first); releasing and renewing find them by the permit.
create index rate_limit_tokens_free on rate_limit_tokens (model, expires_at);
create unique index rate_limit_tokens_permit on rate_limit_tokens (permit_id);
