# first-request.sh's user for Locust, in both of Locust's HTTP clients: log in once (the first request),
# then browse once a second. The same requests as LoginUser.java / LoginFastUser.java.
from locust import HttpUser, task, constant
from locust.contrib.fasthttp import FastHttpUser

LOGIN = '{"username":"alice","password":"secret"}'


class LoginHttpUser(HttpUser):
    wait_time = constant(1)

    def on_start(self):
        self.client.post("/login", data=LOGIN, headers={"Content-Type": "application/json"})

    @task
    def browse(self):
        self.client.get("/items")


class LoginFastHttpUser(FastHttpUser):
    wait_time = constant(1)

    def on_start(self):
        self.client.post("/login", data=LOGIN, headers={"Content-Type": "application/json"})

    @task
    def browse(self):
        self.client.get("/items")
