package io.batchd.apiserver;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.util.List;

/** The columns of {@code kubectl get leases}, as upstream's {@code printLease}: NAME HOLDER AGE. */
final class LeaseColumns implements TableColumns<Lease> {
  private static final List<Column> COLUMNS =
      List.of(
          Tables.NAME,
          new Column(
              "Holder",
              "string",
              "",
              "holderIdentity contains the identity of the holder of a current lease. If"
                  + " Coordinated Leader Election is used, the holder identity must be equal to the"
                  + " elected LeaseCandidate.metadata.name field.",
              0),
          Tables.AGE);

  private final Clock clock;

  LeaseColumns(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(Lease lease) {
    String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    return List.of(
        lease.getMetadata().getName(),
        holder == null ? "" : holder,
        Tables.age(clock, lease.getMetadata().getCreationTimestamp()));
  }
}
