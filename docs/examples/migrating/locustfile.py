import random

from locust import HttpUser, SequentialTaskSet, TaskSet, between, events, tag, task


@events.init_command_line_parser.add_listener
def _(parser):
    parser.add_argument("--product-count", type=int, default=20, help="How many products the shop has")


def product_id(user):
    return random.randint(1, user.environment.parsed_options.product_count)


class Browse(TaskSet):
    """A browsing session: a few product pages, then back to the main loop."""

    @task(3)
    def product(self):
        self.client.get(f"/api/products/{product_id(self.user)}", name="/api/products/[id]")

    @task(1)
    def done(self):
        self.interrupt()


class Purchase(SequentialTaskSet):
    """Add to the cart, look at it, check out: in this order."""

    @tag("cart")
    @task
    def add_to_cart(self):
        self.client.post("/api/cart", json={"productId": product_id(self.user)})

    @tag("cart")
    @task
    def view_cart(self):
        self.client.get("/api/cart")

    @tag("checkout")
    @task
    def checkout(self):
        with self.client.post("/api/checkout", json={}, catch_response=True) as r:
            if r.status_code == 200 and "orderId" not in r.json():
                r.failure("checkout answered 200 without an orderId")
        self.interrupt()


class Shopper(HttpUser):
    wait_time = between(0.01, 0.05)
    tasks = {Browse: 2, Purchase: 1}

    def on_start(self):
        # the shop answers with a session cookie, which the client keeps for this user
        self.client.post("/api/login", json={"username": "shopper", "password": "secret"})

    @task(5)
    def list_products(self):
        self.client.get("/api/products")
