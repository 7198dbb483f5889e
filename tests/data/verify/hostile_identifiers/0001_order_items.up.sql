CREATE TABLE "Order Items" (id integer PRIMARY KEY, "Weird ""Q"" Col" text, "MixedCase" integer);
