DROP INDEX items_qty_idx;
