using Fulgur.Crypto;
using Fulgur.Node.Config;
using Fulgur.Node.Peers;
using Fulgur.Node.Storage;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Peers;

/// <summary>
/// A <see cref="PeerManager"/> on its own (in-memory SQLite, loopback port 0, chosen <see cref="PeerOptions"/>), for
/// tests that need short timers or direct access to the dispatch seam.
/// </summary>
internal sealed class PeerHarness : IAsyncDisposable
{
    private readonly bool _ownsStore;

    private PeerHarness(PrivateKey key, IStore store, NodeStatus status, PeerManager manager, RecordingLogSink log, bool ownsStore)
    {
        _ownsStore = ownsStore;
        Key = key;
        Store = store;
        Status = status;
        Manager = manager;
        Log = log;
    }

    public PrivateKey Key { get; }
    public IStore Store { get; }
    public NodeStatus Status { get; }
    public PeerManager Manager { get; }
    public RecordingLogSink Log { get; }

    public NodeId Id => new(Key.PublicKey);

    public int Port => Status.Bindings[0].Port;

    public static PeerOptions FastOptions { get; } = new()
    {
        HandshakeTimeout = TimeSpan.FromSeconds(2),
        InitTimeout = TimeSpan.FromSeconds(2),
        MessageTimeout = TimeSpan.FromSeconds(1),
        MinReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(400),
    };

    public static async Task<PeerHarness> StartAsync(PeerOptions? options = null, IStore? store = null, PrivateKey? key = null,
        Action<PeerManager>? setup = null)
    {
        key ??= PrivateKey.Generate();
        var ownsStore = store is null;
        store ??= await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);
        var status = new NodeStatus();
        var log = RecordingLogSink.Log(out var sink);
        var manager = new PeerManager(key, [new HostPort("127.0.0.1", 0)], BitcoinNetwork.Regtest, store, status, log, TimeProvider.System,
            options ?? FastOptions);
        setup?.Invoke(manager);
        await manager.StartAsync(CancellationToken.None);
        return new PeerHarness(key, store, status, manager, sink, ownsStore);
    }

    /// <summary>Waits (with a timeout, no sleeps) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out waiting until {what}");
            }
        }
    }

    /// <summary>Waits (with a timeout, no sleeps) until the asynchronous <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out waiting until {what}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Manager.StopAsync(CancellationToken.None);
        if (_ownsStore)
            await Store.DisposeAsync();
        Key.Dispose();
    }
}

/// <summary>Records what a subscribed component would see.</summary>
internal sealed class RecordingHandler : IPeerMessageHandler, IPeerObserver
{
    private readonly List<(NodeId Peer, IWireMessage Message)> _messages = [];
    private readonly List<string> _events = [];

    public IReadOnlyList<(NodeId Peer, IWireMessage Message)> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    public IReadOnlyList<string> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public Task HandleAsync(NodeId peer, IWireMessage message, CancellationToken cancellationToken)
    {
        lock (_messages)
            _messages.Add((peer, message));
        return Task.CompletedTask;
    }

    public Task OnConnectedAsync(PeerInfo peer, CancellationToken cancellationToken)
    {
        lock (_events)
            _events.Add($"connected {peer.Id}");
        return Task.CompletedTask;
    }

    public Task OnDisconnectedAsync(NodeId peer, CancellationToken cancellationToken)
    {
        lock (_events)
            _events.Add($"disconnected {peer}");
        return Task.CompletedTask;
    }
}
