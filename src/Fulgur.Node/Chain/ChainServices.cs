using Fulgur.Bitcoin;
using Fulgur.Node.Config;
using Fulgur.Node.Hsm;
using Fulgur.Node.Wallet;

namespace Fulgur.Node.Chain;

/// <summary>
/// The node's chain access and on-chain wallet as one component: the bitcoind client, the block watcher and its
/// listeners (per-tx/per-output watches, the broadcaster's rebroadcast, the wallet), the fee estimator. Other
/// components (channels) take <see cref="Watches"/>, <see cref="Broadcaster"/>, <see cref="Fees"/> and
/// <see cref="Wallet"/> (reservations) from here.
/// </summary>
public sealed class ChainServices : INodeComponent, IDisposable
{
    /// <summary>Per-call timeout towards bitcoind.</summary>
    public static readonly TimeSpan RpcTimeout = TimeSpan.FromSeconds(30);

    private readonly BitcoindClient _client;
    private readonly WalletKeys _keys;
    private Task _rebroadcast = Task.CompletedTask;

    private ChainServices(NodeContext context, WalletKeys keys)
    {
        var config = context.Config;
        _keys = keys;
        _client = new BitcoindClient(BitcoindEndpoint.From(config), RpcTimeout);
        var log = context.Log.For("chain");
        Fees = new FeeEstimator(_client, log);
        Broadcaster = new Broadcaster(_client, log);
        Watches = new ChainWatches();
        Wallet = new OnchainWallet(keys, config.Network.ToNetwork(), context.Store, Broadcaster, context.Log.For("wallet"));
        Watcher = new BlockWatcher(_client, context.Store, context.Status, log, config.BitcoindPoll, context.Clock);
        Watcher.Subscribe(Wallet);
        Watcher.Subscribe(Watches);
        Watcher.Subscribe(Broadcaster);
    }

    public string Name => "chain";

    public BitcoindClient Client => _client;
    public BlockWatcher Watcher { get; }
    public ChainWatches Watches { get; }
    public Broadcaster Broadcaster { get; }
    public IFeeEstimator Fees { get; }
    public OnchainWallet Wallet { get; }

    /// <summary>Builds the chain services; the wallet keys come from hsm_secret (see <see cref="WalletKeys"/>).</summary>
    public static ChainServices Create(NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HsmSecret.TryLoadOrCreate(context.Config.NetworkDir, out var secret, out var error))
            throw new NodeStartException(error);
        using (secret)
            return new ChainServices(context, WalletKeys.FromHsmSecret(secret.Bytes));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Wallet.LoadAsync(cancellationToken).ConfigureAwait(false);
        await Watcher.StartAsync(cancellationToken).ConfigureAwait(false);
        // Our transactions still unconfirmed when we stopped are sent again (in the background: the backend may be down).
        var pending = Wallet.UnconfirmedSent;
        if (pending.Count > 0)
            _rebroadcast = Task.Run(async () =>
            {
                foreach (var tx in pending)
                    await Broadcaster.BroadcastAsync(tx, CancellationToken.None).ConfigureAwait(false);
            }, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Watcher.StopAsync(cancellationToken).ConfigureAwait(false);
        await _rebroadcast.ConfigureAwait(false);
        Dispose();
    }

    public void Dispose()
    {
        Watcher.Dispose();
        Wallet.Dispose();
        _client.Dispose();
        _keys.Dispose();
    }
}
