using Fulgur.Crypto;
using Fulgur.Node.Config;
using Fulgur.Node.Hsm;
using Fulgur.Node.Logging;
using Fulgur.Node.Rpc;
using Fulgur.Node.Storage;

namespace Fulgur.Node;

/// <summary>
/// A running node: takes the directory lock, loads (or creates) hsm_secret and derives the node key, opens and
/// migrates the database, composes the components (<see cref="NodeComposition"/>), starts them, and finally opens
/// the RPC socket and logs the ready line. <see cref="StopAsync"/> undoes it all in reverse.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly NodeLock _lock;
    private readonly PrivateKey _nodeKey;
    private readonly IStore _store;
    private readonly IReadOnlyList<INodeComponent> _components;
    private readonly RpcServer _rpc;
    private readonly Logger _log;
    private int _stopped;

    private NodeHost(NodeContext context, NodeLock nodeLock, IReadOnlyList<INodeComponent> components, RpcServer rpc)
    {
        Context = context;
        _lock = nodeLock;
        _nodeKey = context.NodeKey;
        _store = context.Store;
        _components = components;
        _rpc = rpc;
        _log = context.Log.For("lightningd");
    }

    public NodeContext Context { get; }

    public NodeIdentity Identity => Context.Identity;

    /// <summary>The running component of type <typeparamref name="T"/> (the channel manager, …), for tests and benchmarks that drive it directly.</summary>
    public T Component<T>()
        where T : class, INodeComponent =>
        _components.OfType<T>().Single();

    /// <summary>Completes when <c>stop</c> (or <see cref="NodeLifetime.RequestStop"/>) asked the node to shut down.</summary>
    public Task<string> StopRequested => Context.Lifetime.StopRequested;

    /// <summary>Starts the node; failures an operator can fix are <see cref="NodeStartException"/>s with a clear message.</summary>
    public static async Task<NodeHost> StartAsync(NodeConfig config, NodeLog log, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        var startLog = log.For("lightningd");
        var networkDir = config.NetworkDir;
        try
        {
            Directory.CreateDirectory(networkDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeStartException($"cannot create {networkDir}: {e.Message}", e);
        }

        if (!NodeLock.TryAcquire(networkDir, out var nodeLock, out var lockError))
            throw new NodeStartException(lockError);

        var cleanup = new Stack<Func<ValueTask>>();
        cleanup.Push(() => { nodeLock.Dispose(); return ValueTask.CompletedTask; });
        try
        {
            if (!HsmSecret.TryLoadOrCreate(networkDir, out var secret, out var hsmError))
                throw new NodeStartException(hsmError);
            PrivateKey nodeKey;
            using (secret)
            {
                if (secret.Created)
                    startLog.Info($"created {Path.Combine(networkDir, HsmSecret.FileName)}");
                nodeKey = NodeKeyDerivation.DeriveNodeKey(secret);
            }
            cleanup.Push(() => { nodeKey.Dispose(); return ValueTask.CompletedTask; });
            var nodeId = nodeKey.PublicKey;

            if (!WalletDsn.TryParse(config.Wallet, networkDir, out var wallet, out var walletError))
                throw new NodeStartException(walletError);
            IStore store;
            try
            {
                store = await StoreFactory.OpenAsync(wallet, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException e)
            {
                throw new NodeStartException(e.Message, e);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                throw new NodeStartException($"cannot open database {wallet.Target}: {e.Message}", e);
            }
            cleanup.Push(store.DisposeAsync);
            await CheckDatabaseOwnerAsync(store, nodeId, config.Network, wallet, cancellationToken).ConfigureAwait(false);

            var identity = new NodeIdentity(nodeId, config.Alias ?? NodeAppearance.DefaultAlias(nodeId),
                config.Rgb ?? NodeAppearance.DefaultColor(nodeId));
            var context = new NodeContext(config, log, nodeKey, identity, store, new NodeStatus(), new NodeLifetime(),
                new RpcCommandRegistry(), clock);

            var components = NodeComposition.Compose(context);
            foreach (var component in components)
            {
                startLog.Debug($"starting {component.Name}");
                await component.StartAsync(cancellationToken).ConfigureAwait(false);
                cleanup.Push(async () => await component.StopAsync(CancellationToken.None).ConfigureAwait(false));
            }

            var rpcLog = log.For("jsonrpc");
            var rpc = new RpcServer(new RpcDispatcher(context.Commands, rpcLog), rpcLog);
            try
            {
                rpc.Start(config.RpcSocketPath);
            }
            // ArgumentException: the path is longer than a Unix socket address holds (108 bytes).
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException or ArgumentException)
            {
                throw new NodeStartException($"cannot listen on RPC socket {config.RpcSocketPath}: {e.Message}", e);
            }
            // interfaces.md §2: logged when the RPC socket answers.
            startLog.Info($"Server started with public key {nodeId.ToHex()}, alias {identity.Alias}");
            return new NodeHost(context, nodeLock, components, rpc);
        }
        catch
        {
            while (cleanup.TryPop(out var undo))
                await undo().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A database belongs to one node: started with another hsm_secret (or another network) it is refused rather
    /// than mixed with a different key's channels.
    /// </summary>
    private static async Task CheckDatabaseOwnerAsync(IStore store, PublicKey nodeId, BitcoinNetwork network, WalletDsn wallet,
        CancellationToken cancellationToken)
    {
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var storedId = await tx.Vars.GetAsync(VarNames.NodeId, cancellationToken).ConfigureAwait(false);
        var storedNetwork = await tx.Vars.GetAsync(VarNames.Network, cancellationToken).ConfigureAwait(false);
        if (storedId is not null && storedId != nodeId.ToHex())
            throw new NodeStartException($"database {wallet.Target} belongs to node {storedId}, but hsm_secret gives {nodeId.ToHex()}");
        if (storedNetwork is not null && storedNetwork != network.Name())
            throw new NodeStartException($"database {wallet.Target} is for {storedNetwork}, not {network.Name()}");
        if (storedId is null)
        {
            await tx.Vars.SetAsync(VarNames.NodeId, nodeId.ToHex(), cancellationToken).ConfigureAwait(false);
            await tx.Vars.SetAsync(VarNames.Network, network.Name(), cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the RPC socket (answering what is in flight), stops components in reverse, closes the database, releases the lock.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        _log.Info("shutting down");
        await _rpc.DisposeAsync().ConfigureAwait(false);
        for (var i = _components.Count - 1; i >= 0; i--)
        {
            try
            {
                await _components[i].StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One component failing to stop must not keep the others running.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _log.Broken($"stopping {_components[i].Name} failed: {e.Message}");
            }
        }
        await _store.DisposeAsync().ConfigureAwait(false);
        _nodeKey.Dispose();
        _lock.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
