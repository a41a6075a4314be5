namespace Fulgur.Node.Storage;

/// <summary>
/// The node's database. Every state change is one <see cref="IStoreTransaction"/>: begin, write through the typed
/// repositories, commit (design.md "persist before you speak"). Callers see only these interfaces, so the PostgreSQL
/// implementation (Npgsql) can follow the SQLite one without touching them; each backend keeps its own numbered
/// migrations with the same version numbers.
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>The schema version after start-up migrations.</summary>
    int SchemaVersion { get; }

    /// <summary>Starts a transaction; transactions are serialized, so one sees the previous one's committed writes.</summary>
    Task<IStoreTransaction> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>One unit of work. Disposing without <see cref="CommitAsync"/> rolls everything back.</summary>
public interface IStoreTransaction : IAsyncDisposable
{
    /// <summary>Node-wide named values (Core Lightning's <c>vars</c> table).</summary>
    IVarsRepository Vars { get; }

    /// <summary>Peers we know: the address we last dialled and whether we have channels (reconnection after restart).</summary>
    IPeerRepository Peers { get; }

    /// <summary>The on-chain wallet's outputs.</summary>
    IWalletRepository Wallet { get; }

    /// <summary>Channels: the channel core's state and funding facts.</summary>
    IChannelRepository Channels { get; }

    /// <summary>The invoices this node issued.</summary>
    IInvoiceRepository Invoices { get; }

    /// <summary>sendpay attempts and their outcomes.</summary>
    IPaymentRepository Payments { get; }

    /// <summary>The HTLC switch's incoming-to-outgoing links and resolutions.</summary>
    IForwardRepository Forwards { get; }

    /// <summary>The gossip store: accepted channel announcements, channel updates and node announcements.</summary>
    IGossipRepository Gossip { get; }

    /// <summary>Makes every write durable (SQLite: synchronous=FULL) before returning.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>Small node-wide settings such as the node id the database belongs to.</summary>
public interface IVarsRepository
{
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);
    Task SetAsync(string name, string value, CancellationToken cancellationToken);
}

/// <summary>Names used in the vars table.</summary>
public static class VarNames
{
    /// <summary>The node id (hex) whose hsm_secret created the database; a different hsm_secret is refused.</summary>
    public const string NodeId = "node_id";

    /// <summary>The network the database was created for.</summary>
    public const string Network = "network";
}
