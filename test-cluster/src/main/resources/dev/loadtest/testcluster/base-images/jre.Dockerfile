# eclipse-temurin:25-jre as made on a machine with no registry: a jlink'ed runtime of this machine's Temurin
# 25 JDK (Java SE and the runtime jdk.* modules, no compiler or tools) on Debian bookworm.
FROM local/debian:bookworm
COPY jre/ /opt/java/openjdk/
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8
