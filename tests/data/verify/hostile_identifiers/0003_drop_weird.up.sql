ALTER TABLE "Order Items" DROP COLUMN "Note Text";
