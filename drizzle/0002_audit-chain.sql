CREATE TABLE "audit_chain_head" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"last_id" bigint,
	"last_hash" text,
	CONSTRAINT "audit_chain_head_singleton_check" CHECK ("audit_chain_head"."singleton")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text;