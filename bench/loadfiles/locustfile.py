# The same user for Locust, in both of Locust's HTTP clients.
from locust import HttpUser, task, constant
from locust.contrib.fasthttp import FastHttpUser


class NginxFastHttpUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def get(self):
        self.client.get("/")


class NginxHttpUser(HttpUser):
    wait_time = constant(0)

    @task
    def get(self):
        self.client.get("/")
