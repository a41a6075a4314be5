using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Chain;
using Fulgur.Node.Storage;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Chain;

public sealed class BlockWatcherTests : IAsyncLifetime
{
    private SqliteStore _store = null!;
    private readonly RecordingLogSink _sink;
    private readonly Logging.NodeLog _log;

    public BlockWatcherTests() => _log = RecordingLogSink.Log(out _sink);

    public async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private BlockWatcher Watcher(IChainSource chain, NodeStatus status, IStore? store = null, params IChainListener[] listeners)
    {
        var watcher = new BlockWatcher(chain, store ?? _store, status, _log.For("chain"), TimeSpan.FromSeconds(1), TimeProvider.System);
        foreach (var l in listeners)
            watcher.Subscribe(l);
        return watcher;
    }

    private sealed class Recorder : IChainListener
    {
        public List<string> Events { get; } = [];

        public Task BlockConnectedAsync(Block block, BlockHeight height, CancellationToken cancellationToken)
        {
            Events.Add($"+{height.Value}:{block.Hash}");
            return Task.CompletedTask;
        }

        public Task BlockDisconnectedAsync(BlockHash hash, BlockHeight height, CancellationToken cancellationToken)
        {
            Events.Add($"-{height.Value}:{hash}");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_fresh_watcher_starts_at_the_tip_then_connects_each_new_block_in_order()
    {
        var chain = new ScriptedChain(5);
        var status = new NodeStatus();
        var recorder = new Recorder();
        using var watcher = Watcher(chain, status, null, recorder);
        Assert.True(await watcher.PollOnceAsync(CancellationToken.None));
        Assert.Equal(4u, status.BlockHeight);
        Assert.Empty(recorder.Events);

        var b5 = chain.Mine();
        var b6 = chain.Mine();
        Assert.True(await watcher.PollOnceAsync(CancellationToken.None));
        Assert.Equal([$"+5:{b5.Hash}", $"+6:{b6.Hash}"], recorder.Events);
        Assert.Equal(6u, status.BlockHeight);
    }

    [Fact]
    public async Task A_reorg_rewinds_to_the_fork_point_and_replays_the_new_branch()
    {
        var chain = new ScriptedChain(3);
        var recorder = new Recorder();
        using var watcher = Watcher(chain, new NodeStatus(), null, recorder);
        await watcher.PollOnceAsync(CancellationToken.None);
        var old3 = chain.Mine();
        var old4 = chain.Mine();
        await watcher.PollOnceAsync(CancellationToken.None);
        recorder.Events.Clear();

        chain.Disconnect(2);
        var new3 = chain.Mine();
        var new4 = chain.Mine();
        var new5 = chain.Mine();
        await watcher.PollOnceAsync(CancellationToken.None);
        Assert.Equal([$"-4:{old4.Hash}", $"-3:{old3.Hash}", $"+3:{new3.Hash}", $"+4:{new4.Hash}", $"+5:{new5.Hash}"], recorder.Events);
        Assert.Equal(new ChainTip(new BlockHeight(5), new5.Hash), watcher.Tip);
        Assert.Contains(_sink.Lines, l => l.Contains("left the best chain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restart_resumes_from_the_persisted_tip_and_rescans_the_last_blocks()
    {
        var chain = new ScriptedChain(2);
        using (var first = Watcher(chain, new NodeStatus()))
        {
            await first.PollOnceAsync(CancellationToken.None);
            for (var i = 0; i < 10; i++)
                chain.Mine();
            await first.PollOnceAsync(CancellationToken.None);
        }
        // Two more blocks while we were down.
        var b12 = chain.Mine();
        var b13 = chain.Mine();
        var status = new NodeStatus();
        var recorder = new Recorder();
        using var second = Watcher(chain, status, null, recorder);
        await second.PollOnceAsync(CancellationToken.None);
        Assert.Equal(13u, status.BlockHeight);
        var connected = recorder.Events.Select(e => e.Split(':')[0]).ToList();
        // Rescan of the last RescanDepth processed blocks (6…11), then the new ones.
        Assert.Equal(["+6", "+7", "+8", "+9", "+10", "+11", "+12", "+13"], connected);
        Assert.Contains($"+12:{b12.Hash}", recorder.Events);
        Assert.Contains($"+13:{b13.Hash}", recorder.Events);
    }

    [Fact]
    public async Task A_reorg_while_stopped_is_rewound_on_restart()
    {
        var chain = new ScriptedChain(2);
        Block old2;
        using (var first = Watcher(chain, new NodeStatus()))
        {
            await first.PollOnceAsync(CancellationToken.None);
            old2 = chain.Mine();
            await first.PollOnceAsync(CancellationToken.None);
        }
        chain.Disconnect(1);
        var new2 = chain.Mine();
        var recorder = new Recorder();
        using var second = Watcher(chain, new NodeStatus(), null, recorder);
        await second.PollOnceAsync(CancellationToken.None);
        Assert.Contains($"-2:{old2.Hash}", recorder.Events);
        Assert.Equal($"+2:{new2.Hash}", recorder.Events[^1]);
    }

    [Fact]
    public async Task A_down_backend_is_logged_once_per_state_change_and_the_height_is_kept()
    {
        var chain = new ScriptedChain(4);
        var status = new NodeStatus();
        using var watcher = Watcher(chain, status);
        await watcher.PollOnceAsync(CancellationToken.None);
        chain.Down = true;
        for (var i = 0; i < 3; i++)
            Assert.False(await watcher.PollOnceAsync(CancellationToken.None));
        Assert.True(watcher.BackendDown);
        Assert.Equal(3u, status.BlockHeight);
        Assert.Single(_sink.Lines, l => l.Contains("backend unavailable", StringComparison.Ordinal));
        chain.Down = false;
        chain.Mine();
        Assert.True(await watcher.PollOnceAsync(CancellationToken.None));
        Assert.Equal(4u, status.BlockHeight);
        Assert.Single(_sink.Lines, l => l.Contains("reachable again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_polling_loop_follows_new_blocks_on_its_own()
    {
        var chain = new ScriptedChain(1);
        var status = new NodeStatus();
        using var watcher = Watcher(chain, status);
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            await watcher.NextPollAsync().WaitAsync(TimeSpan.FromSeconds(10));
            chain.Mine();
            chain.Mine();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (status.BlockHeight != 2 && DateTime.UtcNow < deadline)
                await watcher.NextPollAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(2u, status.BlockHeight);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Watches_report_depth_spends_and_unspends_across_a_reorg()
    {
        var chain = new ScriptedChain(1);
        var watches = new ChainWatches();
        using var watcher = Watcher(chain, new NodeStatus(), null, watches);
        await watcher.PollOnceAsync(CancellationToken.None);

        var funding = ScriptedChain.Pay(Script.FromBytes([0x51]), new Fulgur.Bitcoin.Satoshi(10_000));
        var depths = new List<int>();
        var spends = new List<OutputSpend>();
        using var w1 = watches.WatchTransaction(funding.TxId, (d, _) => { depths.Add(d.Confirmations); return Task.CompletedTask; });
        var fundingOut = new OutPoint(funding.TxId, 0);
        using var w2 = watches.WatchOutput(fundingOut, (s, _) => { spends.Add(s); return Task.CompletedTask; });

        chain.Mine(funding);
        chain.Mine();
        chain.Mine();
        await watcher.PollOnceAsync(CancellationToken.None);
        Assert.Equal([1, 2, 3], depths);

        var close = new TransactionBuilder().AddInput(fundingOut).AddOutput(new Fulgur.Bitcoin.Satoshi(9_000), Script.FromBytes([0x51])).ToTransaction();
        chain.Mine(close);
        await watcher.PollOnceAsync(CancellationToken.None);
        Assert.Equal(close.TxId, Assert.Single(spends).SpendingTx!.TxId);
        Assert.Equal(new BlockHeight(4), spends[0].BlockHeight);

        chain.Disconnect(1);
        chain.Mine();
        await watcher.PollOnceAsync(CancellationToken.None);
        Assert.Null(spends[^1].SpendingTx);
        // Back to 3 while the block is gone, 4 once the replacement is connected.
        Assert.Equal([3, 4], depths[^2..]);
    }
}
