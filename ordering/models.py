"""Products, stock, carts and orders arrive with the Orders issue."""
