package io.batchd.apiserver.security;

import java.util.List;

/**
 * Who made a request, as an authenticator tells: a user name, a uid and the groups the user is in
 * (every authenticated user is also in {@code system:authenticated}).
 */
public record UserInfo(String name, String uid, List<String> groups) {
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String MASTERS = "system:masters";

  /** The user of the server's own token: an administrator, as kube-apiserver's system:masters. */
  public static final UserInfo ADMIN =
      new UserInfo("batchd-admin", "", List.of(MASTERS, AUTHENTICATED));

  public boolean isAdmin() {
    return groups.contains(MASTERS);
  }
}
