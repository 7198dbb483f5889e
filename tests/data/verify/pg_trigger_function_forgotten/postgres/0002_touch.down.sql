DROP TRIGGER items_touch ON items;
