package dev.quiver.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One entry of the route table: the single source for registration, auth and the OpenAPI check.
 *
 * @param method HTTP method
 * @param path Javalin path template, e.g. {@code /collections/{c}/points}
 * @param access who may call it
 * @param handler parses, calls the engine, writes the result
 */
record Route(HandlerType method, String path, Access access, Handler handler) {

  static Route get(String path, Access access, Handler h) {
    return new Route(HandlerType.GET, path, access, h);
  }

  static Route post(String path, Access access, Handler h) {
    return new Route(HandlerType.POST, path, access, h);
  }

  static Route put(String path, Access access, Handler h) {
    return new Route(HandlerType.PUT, path, access, h);
  }

  static Route delete(String path, Access access, Handler h) {
    return new Route(HandlerType.DELETE, path, access, h);
  }
}
