using System.Security.Cryptography;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Chain;
using Fulgur.Node.Hsm;
using Fulgur.Node.Logging;
using Fulgur.Node.Peers;
using Fulgur.Node.Storage;
using Fulgur.Node.Wallet;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Channels;

/// <summary>A refusal the RPC layer reports as an error with a Core Lightning code.</summary>
public sealed class ChannelCommandException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>
/// The node's channels: one <see cref="ChannelMailbox"/> per channel over the pure <see cref="ChannelCore"/>. Routes
/// incoming BOLT 2 messages by channel id (temporary id while opening), answers peers' <c>open_channel</c>, funds
/// channels from the wallet, follows funding depth on the chain, reestablishes on reconnection and closes.
/// </summary>
public sealed partial class ChannelManager : INodeComponent, IPeerMessageHandler, IPeerObserver, IChainListener, IDisposable
{
    /// <summary>The vars entry holding the last channel dbid handed out (channel keys are derived from it).</summary>
    public const string DbidVar = "last_channel_dbid";

    private static readonly MessageType[] Routed =
    [
        OpenChannelMessage.MessageType, AcceptChannelMessage.MessageType, FundingCreatedMessage.MessageType,
        FundingSignedMessage.MessageType, ChannelReadyMessage.MessageType, ChannelReestablishMessage.MessageType,
        UpdateAddHtlcMessage.MessageType, UpdateFulfillHtlcMessage.MessageType, UpdateFailHtlcMessage.MessageType,
        UpdateFailMalformedHtlcMessage.MessageType, UpdateFeeMessage.MessageType, CommitmentSignedMessage.MessageType,
        RevokeAndAckMessage.MessageType, ShutdownMessage.MessageType, ClosingSignedMessage.MessageType,
    ];

    private readonly IPeerNetwork _peers;
    private readonly OnchainWallet _wallet;
    private readonly IBroadcaster _broadcaster;
    private readonly IFeeEstimator? _fees;
    private readonly NodeStatus _status;
    private readonly Logger _log;
    private readonly byte[] _hsmSecret;
    private readonly Lock _lock = new();
    private readonly List<ChannelMailbox> _channels = [];
    private readonly SemaphoreSlim _dbidGate = new(1, 1);
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile bool _loaded;
    private readonly List<IChannelHtlcListener> _listeners = [];
    private readonly Dictionary<(ChannelId, ulong), TaskCompletionSource<OutgoingHtlcOutcome>> _outgoing = [];

    public ChannelManager(IStore store, IPeerNetwork peers, OnchainWallet wallet, IBroadcaster broadcaster, NodeStatus status,
        ChannelConfig config, ReadOnlySpan<byte> hsmSecret, Logger log, IFeeEstimator? fees = null)
    {
        _fees = fees;
        Store = store ?? throw new ArgumentNullException(nameof(store));
        _peers = peers ?? throw new ArgumentNullException(nameof(peers));
        _wallet = wallet ?? throw new ArgumentNullException(nameof(wallet));
        _broadcaster = broadcaster ?? throw new ArgumentNullException(nameof(broadcaster));
        _status = status ?? throw new ArgumentNullException(nameof(status));
        Config = config ?? throw new ArgumentNullException(nameof(config));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _hsmSecret = hsmSecret.ToArray();
        foreach (var type in Routed)
            peers.Subscribe(type, this);
        peers.AddObserver(this);
    }

    public string Name => "channels";

    public IStore Store { get; }

    public ChannelConfig Config { get; }

    /// <summary>The channels, for listing (states are immutable snapshots).</summary>
    public IReadOnlyList<ChannelView> Channels
    {
        get
        {
            lock (_lock)
                return [.. _channels.Select(View)];
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => EnsureLoadedAsync(cancellationToken);

    /// <summary>
    /// Loads the stored channels once. Called from start and from every entry point, as the chain watcher and the peer
    /// layer may call us before our own start.
    /// </summary>
    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
            return;
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_loaded)
                await LoadAsync(cancellationToken).ConfigureAwait(false);
            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredChannel> rows;
        var onchain = new Dictionary<ulong, OnchainClose>();
        await using (var tx = await Store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            rows = await tx.Channels.ListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in rows.Where(r => r.FundingSpent))
            {
                if (await tx.Vars.GetAsync(OnchainClose.VarName(row.Dbid), cancellationToken).ConfigureAwait(false) is { } text
                    && OnchainClose.TryParse(text, out var value))
                    onchain[row.Dbid] = value;
            }
        }
        foreach (var row in rows)
        {
            if (!ChannelStateSerializer.TryDeserialize(row.State, out var state))
            {
                _log.Broken($"channel {row.Dbid}: unreadable stored state, skipped");
                continue;
            }
            var mailbox = NewMailbox(row.Dbid, row.Peer, state.ChannelIdOrNull() ?? default, state);
            mailbox.Reestablished = false;
            // The restart ended the connection the stored state lived through: the next connection first reverses the
            // peer's uncommitted updates (ChannelCore.Disconnected), as a disconnection would have.
            mailbox.Connected = true;
            mailbox.FundingTx = row.FundingTx is { } raw ? Transaction.Parse(raw) : null;
            mailbox.FundingHeight = row.FundingHeight;
            mailbox.FundingTxIndex = row.FundingTxIndex;
            mailbox.FundingSpent = row.FundingSpent;
            mailbox.Onchain = onchain.GetValueOrDefault(row.Dbid);
            // A sweep signed before the restart and not yet seen confirmed is sent again.
            if (mailbox.Onchain is { Sweep: { } sweep, SweepConfirmed: false })
                mailbox.SweepAccepted = (await _broadcaster.BroadcastAsync(sweep, cancellationToken).ConfigureAwait(false)).Accepted;
            // Funder: a funding transaction not yet confirmed is broadcast again (bitcoind may have lost it).
            if (mailbox.FundingTx is { } funding && mailbox.FundingHeight is null && state is AwaitingChannelReady)
                await _broadcaster.BroadcastAsync(funding, cancellationToken).ConfigureAwait(false);
        }
        UpdateStatus();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<ChannelMailbox> all;
        lock (_lock)
            all = [.. _channels];
        foreach (var mailbox in all)
            await mailbox.StopAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_hsmSecret);
        _dbidGate.Dispose();
        _loadGate.Dispose();
    }

    internal bool IsConnected(NodeId peer) => _peers.IsConnected(peer);

    internal void Send(NodeId peer, IWireMessage message)
    {
        if (!_peers.TrySend(peer, message))
            _log.Debug($"{peer}: not connected, {message.Type} not sent");
    }

    private ChannelMailbox NewMailbox(ulong dbid, NodeId peer, ChannelId temporaryId, ChannelState state)
    {
        var keys = ChannelKeyDerivation.Derive(_hsmSecret, peer, dbid);
        var mailbox = new ChannelMailbox(this, new ChannelCore(new ChannelKeysSigner(keys)), dbid, peer, temporaryId, state, _log)
        {
            Connected = _peers.IsConnected(peer),
        };
        lock (_lock)
            _channels.Add(mailbox);
        mailbox.Start();
        return mailbox;
    }

    private async Task<ulong> NextDbidAsync(CancellationToken cancellationToken)
    {
        await _dbidGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var tx = await Store.BeginAsync(cancellationToken).ConfigureAwait(false);
            var last = await tx.Vars.GetAsync(DbidVar, cancellationToken).ConfigureAwait(false);
            var next = (last is null ? 0 : ulong.Parse(last, System.Globalization.CultureInfo.InvariantCulture)) + 1;
            await tx.Vars.SetAsync(DbidVar, next.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken)
                .ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return next;
        }
        finally
        {
            _dbidGate.Release();
        }
    }

    private ChannelMailbox? Find(NodeId peer, ChannelId id)
    {
        lock (_lock)
            return _channels.Find(m => m.Peer == peer && (m.Id == id || m.TemporaryId == id) && m.State is not Closed)
                ?? _channels.Find(m => m.Peer == peer && m.Id == id);
    }

    /// <summary>Finds a channel by channel id, short channel id or (its only open channel) peer id, as Core Lightning's close does.</summary>
    public ChannelView? Lookup(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            ChannelMailbox? found = null;
            if (ChannelId.TryParse(id, out var channelId))
                found = _channels.Find(m => m.Id == channelId);
            else if (Protocol.Types.ShortChannelId.TryParse(id, out var scid))
                found = _channels.Find(m => m.ShortChannelId == scid);
            else if (NodeId.TryParse(id, out var peer))
                found = _channels.Find(m => m.Peer == peer && m.State is not Closed);
            return found is null ? null : View(found);
        }
    }

    private ChannelMailbox? MailboxOf(ChannelId id)
    {
        lock (_lock)
            return _channels.Find(m => m.Id == id);
    }

    private ChannelMailbox? MailboxOf(ShortChannelId scid)
    {
        lock (_lock)
            return _channels.Find(m => m.ShortChannelId == scid);
    }

    private static ChannelId? RoutingId(IWireMessage message) => message switch
    {
        AcceptChannelMessage m => m.TemporaryChannelId,
        FundingCreatedMessage m => m.TemporaryChannelId,
        FundingSignedMessage m => m.ChannelId,
        ChannelReadyMessage m => m.ChannelId,
        ChannelReestablishMessage m => m.ChannelId,
        UpdateAddHtlcMessage m => m.ChannelId,
        UpdateFulfillHtlcMessage m => m.ChannelId,
        UpdateFailHtlcMessage m => m.ChannelId,
        UpdateFailMalformedHtlcMessage m => m.ChannelId,
        UpdateFeeMessage m => m.ChannelId,
        CommitmentSignedMessage m => m.ChannelId,
        RevokeAndAckMessage m => m.ChannelId,
        ShutdownMessage m => m.ChannelId,
        ClosingSignedMessage m => m.ChannelId,
        _ => null,
    };

    public async Task HandleAsync(NodeId peer, IWireMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(message);
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        if (message is OpenChannelMessage open)
        {
            // Fundee: a new channel with our config.
            var dbid = await NextDbidAsync(cancellationToken).ConfigureAwait(false);
            var mailbox = NewMailbox(dbid, peer, open.TemporaryChannelId, new Closed(null, "opening", null));
            _ = mailbox.PostAsync(() => mailbox.ApplyAsync(mailbox.Core.OnOpenChannel(Config, open)));
            return;
        }
        if (RoutingId(message) is not { } id || Find(peer, id) is not { } target)
        {
            // BOLT #1: a message for an unknown channel; only channel_reestablish gets an answer (the peer may keep a channel we forgot).
            if (message is ChannelReestablishMessage r)
                Send(peer, new WarningMessage(r.ChannelId, "unknown channel"));
            return;
        }
        // Queued, not awaited: the mailbox keeps the peer's order and batches what arrives together.
        _ = target.PostAsync(async () =>
        {
            // One channel_reestablish per connection: a second one is a leftover of a connection since replaced.
            if (message is ChannelReestablishMessage && target.Reestablished)
            {
                _log.Debug($"channel {target.Id}: duplicate channel_reestablish ignored");
                return;
            }
            // The peer's channel_reestablish comes first on a connection; channel messages before it are leftovers of a
            // connection since replaced (the state we reestablish from must not move under the peer's feet).
            if (message is not ChannelReestablishMessage && !target.Reestablished && target.State is Normal or ShuttingDown or Negotiating)
            {
                _log.Debug($"channel {target.Id}: {message.Type} before channel_reestablish ignored");
                return;
            }
            await target.ApplyAsync(target.Core.Receive(target.State, message)).ConfigureAwait(false);
            if (message is ChannelReestablishMessage)
            {
                _log.Debug($"channel {target.Id}: channel_reestablish received, reestablished");
                target.Reestablished = true;
            }
            if (message is ChannelReestablishMessage or ChannelReadyMessage)
                await MaybeUpdateFeeAsync(target).ConfigureAwait(false);
        });
    }

    public async Task OnConnectedAsync(PeerInfo peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var mailbox in ChannelsOf(peer.Id))
        {
            _ = mailbox.PostAsync(async () =>
            {
                // A newer connection replacing a live one comes without a disconnection: the old connection ended all the same.
                if (mailbox.Connected)
                {
                    var dropped = mailbox.Core.Disconnected(mailbox.State);
                    if (dropped.Failure is null)
                        await mailbox.ApplyAsync(dropped).ConfigureAwait(false);
                }
                mailbox.Connected = true;
                mailbox.Reestablished = mailbox.Core.Reestablish(mailbox.State) is null;
                // BOLT #2: "MUST transmit `channel_reestablish` for each channel." (upon reconnection)
                if (mailbox.Core.Reestablish(mailbox.State) is { } reestablish)
                {
                    _log.Debug($"channel {mailbox.Id}: connected, channel_reestablish sent");
                    Send(mailbox.Peer, reestablish);
                }
            });
        }
        UpdateStatus();
    }

    public Task OnDisconnectedAsync(NodeId peer, CancellationToken cancellationToken)
    {
        foreach (var mailbox in ChannelsOf(peer))
        {
            _ = mailbox.PostAsync(async () =>
            {
                mailbox.Reestablished = false;
                mailbox.Connected = false;
                var step = mailbox.Core.Disconnected(mailbox.State);
                if (step.Failure is null)
                    await mailbox.ApplyAsync(step).ConfigureAwait(false);
            });
        }
        UpdateStatus();
        return Task.CompletedTask;
    }

    private List<ChannelMailbox> ChannelsOf(NodeId peer)
    {
        lock (_lock)
            return [.. _channels.Where(m => m.Peer == peer)];
    }

    public async Task BlockConnectedAsync(Block block, BlockHeight height, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        List<ChannelMailbox> all;
        lock (_lock)
            all = [.. _channels];
        foreach (var mailbox in all)
            await mailbox.PostAsync(() => OnBlockAsync(mailbox, block, height.Value)).ConfigureAwait(false);
    }

    public Task BlockDisconnectedAsync(BlockHash hash, BlockHeight height, CancellationToken cancellationToken)
    {
        // A funding transaction reorganised out before lock-in is found again when it is mined anew.
        lock (_lock)
        {
            foreach (var mailbox in _channels.Where(m => m.FundingHeight == height.Value && m.State is AwaitingChannelReady))
            {
                mailbox.FundingHeight = null;
                mailbox.FundingTxIndex = null;
            }
        }
        return Task.CompletedTask;
    }

    private async Task OnBlockAsync(ChannelMailbox mailbox, Block block, uint height)
    {
        if (mailbox.State.CommitmentsOrNull() is not { } c)
            return;
        var funding = c.Params.FundingOutPoint;
        var changed = false;
        if (mailbox.FundingHeight is null)
        {
            for (var i = 0; i < block.Transactions.Length; i++)
            {
                if (block.Transactions[i].TxId == funding.TxId)
                {
                    mailbox.FundingHeight = height;
                    mailbox.FundingTxIndex = (uint)i;
                    changed = true;
                }
            }
        }
        if (!mailbox.FundingSpent && block.Transactions.Any(t => t.Inputs.Any(input => input.PrevOut == funding)))
        {
            mailbox.FundingSpent = true;
            changed = true;
        }
        if (changed)
            await mailbox.SaveAsync().ConfigureAwait(false);
        if (mailbox.State is Closed && mailbox.FundingSpent)
            await OnClosedBlockAsync(mailbox, block, height, c).ConfigureAwait(false);
        // BOLT #2: channel_ready once the funding transaction reached minimum_depth.
        if (mailbox.State is AwaitingChannelReady { ReadySent: false } && mailbox.FundingHeight is { } fh && height + 1 - fh >= Math.Max(1, Config.MinimumDepth))
            await mailbox.ApplyAsync(mailbox.Core.FundingConfirmed(mailbox.State)).ConfigureAwait(false);
        await MaybeUpdateFeeAsync(mailbox).ConfigureAwait(false);
        UpdateStatus();
    }

    internal async Task OnFailureAsync(ChannelMailbox mailbox, ChannelState before, ChannelFailure failure)
    {
        _log.Unusual($"channel {mailbox.Id} with {mailbox.Peer}: {failure}");
        switch (failure.Kind)
        {
            case ChannelErrorKind.Warn or ChannelErrorKind.WarnAndDisconnect:
                mailbox.SendError(failure.Message, fatal: false);
                break;
            case ChannelErrorKind.Close:
                mailbox.SendError(failure.Message, fatal: true);
                // BOLT #2: failing a funded channel means broadcasting our latest commitment.
                if (mailbox.State is Closed { Commitments: { } c } && before is not (WaitingForFundingSigned or WaitingForFundingCreated))
                    await BroadcastCommitmentAsync(mailbox, c).ConfigureAwait(false);
                break;
        }
        if (mailbox.State is Closed && mailbox.Funding is { } pending)
        {
            mailbox.Funding = null;
            pending.Result.TrySetException(new ChannelCommandException(-1, $"channel open failed: {failure.Message}"));
            await _wallet.ReleaseAsync(pending.Reservation, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task BroadcastCommitmentAsync(ChannelMailbox mailbox, Commitments c)
    {
        var commitment = c.SignedLocalCommitment(mailbox.Core.Signer);
        var result = await _broadcaster.BroadcastAsync(commitment, CancellationToken.None).ConfigureAwait(false);
        if (!result.Accepted)
            _log.Unusual($"channel {mailbox.Id}: our commitment {commitment.TxId} was refused: {result.Error}");
        mailbox.CloseWaiter?.TrySetException(new ChannelCommandException(-1, "channel failed: our commitment was broadcast"));
    }

    internal void OnStateChanged(ChannelMailbox mailbox, ChannelState before)
    {
        var state = mailbox.State;
        if (state is Closed { Commitments: null } && before.CommitmentsOrNull() is null)
        {
            // Never funded: forget it, and give the wallet its outputs back.
            if (mailbox.Funding is { } pending)
            {
                pending.Result.TrySetException(new ChannelCommandException(-1, $"channel open failed: {((Closed)state).Reason}"));
                _ = _wallet.ReleaseAsync(pending.Reservation, CancellationToken.None);
                mailbox.Funding = null;
            }
            lock (_lock)
                _channels.Remove(mailbox);
            _ = mailbox.StopAsync();
        }
        if (before.ChannelIdOrNull() is null && state is AwaitingChannelReady)
            _ = _peers.SetHasChannelsAsync(mailbox.Peer, true, CancellationToken.None);
        UpdateStatus();
    }

    internal async Task OnEventAsync(ChannelMailbox mailbox, ChannelEvent e)
    {
        switch (e)
        {
            case FundingRequested requested:
                await CreateFundingAsync(mailbox, requested).ConfigureAwait(false);
                break;
            case FundingSafeToBroadcast:
                await BroadcastFundingAsync(mailbox).ConfigureAwait(false);
                break;
            case ChannelBecameReady:
                _log.Info($"channel {mailbox.Id} with {mailbox.Peer} is open ({mailbox.ShortChannelId})");
                break;
            case ShutdownRequested:
                if (mailbox.State is ShuttingDown { LocalScript: null })
                {
                    var script = await NewWalletScriptAsync().ConfigureAwait(false);
                    await mailbox.ApplyAsync(mailbox.Core.Shutdown(mailbox.State, new ByteVector(script.Bytes))).ConfigureAwait(false);
                }
                break;
            case ClosingTransactionReady ready:
                var result = await _broadcaster.BroadcastAsync(ready.Transaction, CancellationToken.None).ConfigureAwait(false);
                if (!result.Accepted)
                    _log.Unusual($"channel {mailbox.Id}: closing transaction refused: {result.Error}");
                mailbox.CloseWaiter?.TrySetResult(ready.Transaction);
                break;
            default:
                await OnHtlcEventAsync(mailbox, e).ConfigureAwait(false);
                break;
        }
    }

    private async Task<Script> NewWalletScriptAsync()
    {
        var address = await _wallet.NewAddressAsync(CancellationToken.None).ConfigureAwait(false);
        return Address.TryParse(address, _wallet.Network, out var script, out var error)
            ? script
            : throw new InvalidOperationException($"wallet address {address}: {error}");
    }

    /// <summary>Channel counts for getinfo: pending (opening or awaiting lock-in), active (normal, peer connected), inactive.</summary>
    private void UpdateStatus()
    {
        int pending = 0, active = 0, inactive = 0;
        lock (_lock)
        {
            foreach (var m in _channels)
            {
                switch (m.State)
                {
                    case Normal when _peers.IsConnected(m.Peer):
                        active++;
                        break;
                    case Normal or ShuttingDown or Negotiating:
                        inactive++;
                        break;
                    case Closed:
                        break;
                    default:
                        pending++;
                        break;
                }
            }
        }
        _status.Channels = new ChannelCounts(pending, active, inactive);
    }
}
