package io.fablestream.app;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionListing;

/**
 * Who the line's consumer groups hold and which transactional ids its producers use, as the broker
 * sees them: what a restart must leave as it found.
 */
final class LineMembers {
  private static final List<String> GROUPS =
      List.of("analyzer", "indexer", "chapter", "summarizer", "api").stream()
          .map(s -> "fablestream-" + s)
          .toList();

  private LineMembers() {}

  /**
   * Each group's members by their static id; a member without one (a dynamic member) shows as
   * {@code dynamic} and its member id.
   */
  static Map<String, List<String>> of(String bootstrap) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      Map<String, List<String>> members = new TreeMap<>();
      Map<String, ConsumerGroupDescription> groups =
          admin.describeConsumerGroups(GROUPS).all().get(30, TimeUnit.SECONDS);
      groups.forEach(
          (group, description) -> {
            List<String> ids =
                description.members().stream().map(LineMembers::name).sorted().toList();
            members.put(group, ids);
          });
      return members;
    }
  }

  /** The transactional ids the line's services have used. */
  static Set<String> transactionalIds(String bootstrap)
      throws ExecutionException, InterruptedException, TimeoutException {
    try (Admin admin = admin(bootstrap)) {
      Set<String> ids = new TreeSet<>();
      for (TransactionListing listing : admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
        if (GROUPS.stream().anyMatch(g -> listing.transactionalId().startsWith(g + "-"))) {
          ids.add(listing.transactionalId());
        }
      }
      return ids;
    }
  }

  private static String name(MemberDescription member) {
    return member.groupInstanceId().orElse("dynamic " + member.consumerId());
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(props);
  }
}
