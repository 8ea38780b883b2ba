CREATE SEQUENCE "public"."organization_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"client_id" text,
	"ip" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identification_number" text DEFAULT 'TC' || lpad(nextval('organization_number_seq')::text, 10, '0') NOT NULL,
	"code" text NOT NULL,
	"code_kind" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_abbr" text,
	"name_foreign" text,
	"established_on" date,
	"head_office_address" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"verified_by" text,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_identification_number_unique" UNIQUE("identification_number"),
	CONSTRAINT "organizations_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "representations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"role" text NOT NULL,
	"granted_by" uuid,
	"client_ids" text[],
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_until" timestamp with time zone,
	"consented_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "citizens" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "citizens" ADD COLUMN "status_changed_by" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "oidc_records" ADD COLUMN "account_id" text;--> statement-breakpoint
ALTER TABLE "representations" ADD CONSTRAINT "representations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representations" ADD CONSTRAINT "representations_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "representations_citizen_idx" ON "representations" USING btree ("citizen_id");--> statement-breakpoint
CREATE INDEX "representations_organization_idx" ON "representations" USING btree ("organization_id");--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oidc_records_account_idx" ON "oidc_records" USING btree ("model","account_id");