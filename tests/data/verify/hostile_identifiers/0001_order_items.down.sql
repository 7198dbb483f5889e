DROP TABLE "Order Items";
