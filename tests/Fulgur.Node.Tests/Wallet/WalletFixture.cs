using Fulgur.Bitcoin;
using Fulgur.Node.Chain;
using Fulgur.Node.Storage;
using Fulgur.Node.Tests.Chain;
using Fulgur.Node.Tests.Support;
using Fulgur.Node.Wallet;

namespace Fulgur.Node.Tests.Wallet;

/// <summary>A wallet over a scripted chain and an in-memory store, with the block watcher feeding it.</summary>
internal sealed class WalletFixture : IAsyncDisposable
{
    public static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private WalletFixture(ScriptedChain chain, IStore store, OnchainWallet wallet, BlockWatcher watcher, RecordingLogSink sink)
    {
        Chain = chain;
        Store = store;
        Wallet = wallet;
        Watcher = watcher;
        Sink = sink;
    }

    public ScriptedChain Chain { get; }
    public IStore Store { get; }
    public OnchainWallet Wallet { get; }
    public BlockWatcher Watcher { get; }
    public RecordingLogSink Sink { get; }

    public static async Task<WalletFixture> CreateAsync(ScriptedChain? chain = null, IStore? store = null)
    {
        chain ??= new ScriptedChain(1);
        store ??= await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);
        var log = RecordingLogSink.Log(out var sink);
        var broadcaster = new Broadcaster(chain, log.For("chain"));
        var wallet = new OnchainWallet(WalletKeys.FromHsmSecret(Secret), Network.Regtest, store, broadcaster, log.For("wallet"));
        await wallet.LoadAsync(CancellationToken.None);
        var watcher = new BlockWatcher(chain, store, new NodeStatus(), log.For("chain"), TimeSpan.FromSeconds(1), TimeProvider.System);
        watcher.Subscribe(wallet);
        watcher.Subscribe(broadcaster);
        await watcher.PollOnceAsync(CancellationToken.None);
        return new WalletFixture(chain, store, wallet, watcher, sink);
    }

    /// <summary>Pays <paramref name="value"/> to a new wallet address in a mined block and lets the watcher see it.</summary>
    public async Task<Fulgur.Bitcoin.Transactions.Transaction> FundAsync(long value, byte tag = 1)
    {
        var address = await Wallet.NewAddressAsync(CancellationToken.None);
        Assert.True(Fulgur.Bitcoin.Addresses.Address.TryParse(address, Network.Regtest, out var script, out _));
        var tx = ScriptedChain.Pay(script, new Satoshi(value), tag);
        Chain.Mine(tx);
        await SyncAsync();
        return tx;
    }

    public async Task SyncAsync() => Assert.True(await Watcher.PollOnceAsync(CancellationToken.None));

    public async ValueTask DisposeAsync()
    {
        Watcher.Dispose();
        Wallet.Dispose();
        await Store.DisposeAsync();
    }
}
