using System.Threading.Channels;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Logging;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Channels;

/// <summary>
/// One channel's mailbox: a single reader runs the pure <see cref="ChannelCore"/> one input at a time. For every step
/// it (1) commits the step's persist record in one store transaction, (2) sends the outbound messages, (3) swaps in the
/// next state — design.md "persist before you speak": when persisting fails nothing is sent and the state stands.
/// After the mailbox drains it signs once (<c>commitment_signed</c> batching: HTLCs added together share one commitment).
/// </summary>
internal sealed class ChannelMailbox
{
    private readonly Channel<Func<Task>> _queue = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ChannelManager _host;
    private readonly Logger _log;
    private ChannelState _state;
    private Task _loop = Task.CompletedTask;

    public ChannelMailbox(ChannelManager host, ChannelCore core, ulong dbid, NodeId peer, ChannelId temporaryId, ChannelState state, Logger log)
    {
        _host = host;
        Core = core;
        Dbid = dbid;
        Peer = peer;
        TemporaryId = temporaryId;
        _state = state;
        _log = log;
    }

    public ChannelCore Core { get; }

    public ulong Dbid { get; }

    public NodeId Peer { get; }

    /// <summary>The temporary channel id used while opening (the final id once there is none).</summary>
    public ChannelId TemporaryId { get; }

    public ChannelState State => Volatile.Read(ref _state);

    public ChannelId Id => State.ChannelIdOrNull() ?? TemporaryId;

    /// <summary>Funder: the signed funding transaction.</summary>
    public Transaction? FundingTx { get; set; }

    public uint? FundingHeight { get; set; }

    public uint? FundingTxIndex { get; set; }

    public bool FundingSpent { get; set; }

    /// <summary>What happened on the chain once the funding output was spent (persisted with the channel row).</summary>
    public OnchainClose? Onchain { get; set; }

    /// <summary>Whether the backend took the sweep since this process started (else it is sent again with each block).</summary>
    public bool SweepAccepted { get; set; }

    /// <summary>
    /// Whether the peer's <c>channel_reestablish</c> for the current connection was handled. Until then our own new
    /// updates are not sent: the core retransmits every unsigned update in answer to the peer's reestablish, so sending
    /// them earlier would deliver them twice.
    /// </summary>
    public bool Reestablished { get; set; } = true;

    /// <summary>Whether the mailbox saw the current connection to the peer (set on connection, cleared on disconnection).</summary>
    public bool Connected { get; set; }

    /// <summary>Funder: the open in progress (wallet reservation and the fundchannel waiting for its result).</summary>
    public PendingFunding? Funding { get; set; }

    /// <summary>A close command waiting for the closing transaction.</summary>
    public TaskCompletionSource<Transaction>? CloseWaiter { get; set; }

    public ShortChannelId? ShortChannelId =>
        FundingHeight is { } h && FundingTxIndex is { } i && State.CommitmentsOrNull() is { } c
            ? Protocol.Types.ShortChannelId.Create(h, i, (ushort)c.Params.FundingOutPoint.Index)
            : null;

    public void Start() => _loop = Task.Run(RunAsync);

    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    /// <summary>Queues <paramref name="work"/> to run in the mailbox; the task ends when it ran.</summary>
    public Task PostAsync(Func<Task> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _queue.Writer.TryWrite(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        if (!queued)
            done.TrySetException(new InvalidOperationException("channel stopped"));
        return done.Task;
    }

    public Task<T> PostAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _queue.Writer.TryWrite(async () =>
        {
            try
            {
                done.TrySetResult(await work().ConfigureAwait(false));
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        if (!queued)
            done.TrySetException(new InvalidOperationException("channel stopped"));
        return done.Task;
    }

    private async Task RunAsync()
    {
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_queue.Reader.TryRead(out var work))
                await work().ConfigureAwait(false);
            // One commitment_signed for everything the drained inputs proposed.
            try
            {
                var c = State.CommitmentsOrNull();
                if (State is Normal or ShuttingDown or Negotiating && c is { AwaitingRevocation: false, RemoteNextPoint: not null, HasChangesForRemote: true }
                    && Reestablished && _host.IsConnected(Peer))
                    await ApplyAsync(Core.Sign(State)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.Broken($"channel {Id}: signing failed: {e.Message}");
            }
        }
    }

    /// <summary>Persists, sends and swaps in one step, then hands its events to the host. False when persisting failed.</summary>
    public async Task<bool> ApplyAsync(ChannelStep step, bool send = true)
    {
        ArgumentNullException.ThrowIfNull(step);
        var before = State;
        // A channel that never reached a signed commitment has nothing worth remembering (BOLT 2: forget it on disconnection).
        if (step.PersistRecord is { } record && record.CommitmentsOrNull() is not null)
        {
            try
            {
                await SaveAsync(record).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.Broken($"channel {Id}: persisting failed, nothing sent: {e.Message}");
                return false;
            }
        }
        if (send)
        {
            foreach (var message in step.Outbound)
                _host.Send(Peer, message);
        }
        Volatile.Write(ref _state, step.NextState);
        if (step.Failure is { } failure)
            await _host.OnFailureAsync(this, before, failure).ConfigureAwait(false);
        foreach (var e in step.Events)
            await _host.OnEventAsync(this, e).ConfigureAwait(false);
        if (!ReferenceEquals(before, step.NextState))
            _host.OnStateChanged(this, before);
        return true;
    }

    /// <summary>Writes the channel row with <paramref name="state"/> (the current state when null) in one transaction.</summary>
    public async Task SaveAsync(ChannelState? state = null)
    {
        var row = new StoredChannel(Dbid, Peer, ChannelStateSerializer.Serialize(state ?? State), FundingTx?.ToBytes(), FundingHeight,
            FundingTxIndex, FundingSpent);
        await using var tx = await _host.Store.BeginAsync(CancellationToken.None).ConfigureAwait(false);
        await tx.Channels.SaveAsync(row, CancellationToken.None).ConfigureAwait(false);
        if (Onchain is { } onchain)
            await tx.Vars.SetAsync(OnchainClose.VarName(Dbid), onchain.Format(), CancellationToken.None).ConfigureAwait(false);
        await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Sends this channel's error or warning (BOLT 1) to the peer.</summary>
    public void SendError(string text, bool fatal)
    {
        IWireMessage message = fatal ? new Protocol.Wire.Messages.ErrorMessage(Id, text) : new WarningMessage(Id, text);
        _host.Send(Peer, message);
    }
}

/// <summary>Funder: what <c>fundchannel</c> set aside and waits on.</summary>
internal sealed record PendingFunding(Wallet.WalletReservation Reservation, TaskCompletionSource<FundingResult> Result);

/// <summary>fundchannel's answer.</summary>
public sealed record FundingResult(Transaction Transaction, ChannelId ChannelId, uint OutputIndex);
