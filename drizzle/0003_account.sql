CREATE TABLE "disclosures" (
	"account_id" text NOT NULL,
	"citizen_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"use" text NOT NULL,
	"day" date DEFAULT current_date NOT NULL,
	"claims" text[] NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disclosures_account_id_client_id_use_day_pk" PRIMARY KEY("account_id","client_id","use","day")
);
--> statement-breakpoint
CREATE INDEX "disclosures_citizen_idx" ON "disclosures" USING btree ("citizen_id","day");