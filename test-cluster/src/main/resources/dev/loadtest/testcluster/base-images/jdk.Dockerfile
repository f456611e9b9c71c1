# eclipse-temurin:25-jdk as made on a machine with no registry: this machine's Temurin 25 JDK on Debian
# bookworm, at the path and with the env the official image has.
FROM local/debian:bookworm
COPY jdk/ /opt/java/openjdk/
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8
