ALTER TABLE "Order Items" ADD COLUMN "Note Text" text;
