using System.Security.Cryptography;
using Fulgur.Crypto;
using Fulgur.Node.Hsm;
using Fulgur.Node.Tests.Peers;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;
using static Fulgur.Node.Tests.Channels.ChannelTests;

namespace Fulgur.Node.Tests.Channels;

/// <summary>
/// A peer that breaks BOLT 2 on an open channel: a scripted BOLT 8 peer runs its own channel core against an
/// in-process node and tampers with one message. The node fails that channel with a BOLT 1 <c>error</c>, broadcasts
/// its commitment, and keeps serving RPC.
/// </summary>
public sealed class ChannelBadPeerProcessTests
{
    public enum Misbehaviour
    {
        InvalidCommitmentSignature,
        WrongRevocationSecret,
        HtlcOverTheLimits,
        OutOfOrderHtlcId,
        UpdateFeeFromFundee,
    }

    /// <summary>The scripted side: a channel core of its own, driven by what the node sends.</summary>
    private sealed class CorePeer(ScriptedPeer peer, ChannelCore core)
    {
        public ChannelState State { get; private set; } = new Closed(null, "not started", null);

        public ChannelId ChannelId => State.ChannelIdOrNull() ?? default;

        public async Task ApplyAsync(ChannelStep step)
        {
            Assert.Null(step.Failure);
            State = step.NextState;
            foreach (var message in step.Outbound)
                await peer.SendAsync(message);
        }

        /// <summary>Reads until a message of type <typeparamref name="T"/> (skipping gossip, pings and the like).</summary>
        public async Task<T> ExpectAsync<T>()
            where T : class, IWireMessage
        {
            while (true)
            {
                var message = await peer.ReceiveAsync();
                Assert.NotNull(message);
                if (message is T wanted)
                    return wanted;
                Assert.False(message is ErrorMessage, $"unexpected error from the node: {message}");
            }
        }

        public ChannelCore Core => core;
    }

    [SkippableTheory]
    [InlineData(Misbehaviour.InvalidCommitmentSignature)]
    [InlineData(Misbehaviour.WrongRevocationSecret)]
    [InlineData(Misbehaviour.HtlcOverTheLimits)]
    [InlineData(Misbehaviour.OutOfOrderHtlcId)]
    [InlineData(Misbehaviour.UpdateFeeFromFundee)]
    public async Task The_node_fails_the_channel_with_an_error_and_keeps_serving(Misbehaviour misbehaviour)
    {
        await using var chain = await ChannelDevChain.StartAsync();
        var x = await chain.StartNodeAsync();
        await FundWalletAsync(chain, x);

        await using var peer = await ScriptedPeer.ConnectAsync(x.Port);
        await peer.HandshakeAsync(x.Host.Identity.NodeId);
        var theirInit = Assert.IsType<InitMessage>(await peer.ReceiveAsync());
        await peer.SendAsync(new InitMessage(theirInit.Features, [ChainHash.Regtest]));
        using var keys = ChannelKeyDerivation.Derive(RandomNumberGenerator.GetBytes(32), new NodeId(x.Host.Identity.NodeId), 1);
        var side = new CorePeer(peer, new ChannelCore(new ChannelKeysSigner(keys)));
        var config = ChannelConfig.Default(ChainHash.Regtest) with { MinimumDepth = 1 };

        // Open: the node funds at 4x the devchain's estimate, so once the channel is open it sends update_fee and
        // commitment_signed, which the revocation and signature cases answer.
        var fund = x.RpcAsync("fundchannel", $$"""{"id": "{{peer.Id.ToHex()}}", "amount": 100000, "feerate": "2000perkw"}""");
        await side.ApplyAsync(side.Core.OnOpenChannel(config, await side.ExpectAsync<OpenChannelMessage>()));
        await side.ApplyAsync(side.Core.Receive(side.State, await side.ExpectAsync<FundingCreatedMessage>()));
        await fund;
        await chain.MineAsync(1);
        await WaitForAsync(() => Task.FromResult(x.Host.Context.Status.BlockHeight), h => h >= 103, "the node at the funding block");
        await side.ApplyAsync(side.Core.FundingConfirmed(side.State));
        await side.ApplyAsync(side.Core.Receive(side.State, await side.ExpectAsync<ChannelReadyMessage>()));
        Assert.IsType<Normal>(side.State);
        var channelId = side.ChannelId;

        switch (misbehaviour)
        {
            case Misbehaviour.InvalidCommitmentSignature:
            {
                await side.ApplyAsync(side.Core.Receive(side.State, await side.ExpectAsync<UpdateFeeMessage>()));
                await side.ApplyAsync(side.Core.Receive(side.State, await side.ExpectAsync<CommitmentSignedMessage>()));
                var sign = side.Core.Sign(side.State);
                var signed = Assert.IsType<CommitmentSignedMessage>(Assert.Single(sign.Outbound));
                using var other = PrivateKey.Generate();
                await peer.SendAsync(signed with { Signature = other.Sign(RandomNumberGenerator.GetBytes(32)) });
                break;
            }
            case Misbehaviour.WrongRevocationSecret:
            {
                await side.ApplyAsync(side.Core.Receive(side.State, await side.ExpectAsync<UpdateFeeMessage>()));
                var step = side.Core.Receive(side.State, await side.ExpectAsync<CommitmentSignedMessage>());
                var revoke = Assert.IsType<RevokeAndAckMessage>(Assert.Single(step.Outbound));
                await peer.SendAsync(revoke with { PerCommitmentSecret = PerCommitmentSecret.Create(RandomNumberGenerator.GetBytes(32)) });
                break;
            }
            case Misbehaviour.HtlcOverTheLimits:
                // The peer holds nothing in this channel: any HTLC it offers is more than it can afford.
                await peer.SendAsync(new UpdateAddHtlcMessage(channelId, 0, new MilliSatoshi(50_000_000), NewPayment().Hash, new CltvExpiry(500),
                    ByteVector.Zeros(UpdateAddHtlcMessage.OnionRoutingPacketLength), null, TlvStream.Empty));
                break;
            case Misbehaviour.OutOfOrderHtlcId:
                await peer.SendAsync(new UpdateAddHtlcMessage(channelId, 5, new MilliSatoshi(1_000), NewPayment().Hash, new CltvExpiry(500),
                    ByteVector.Zeros(UpdateAddHtlcMessage.OnionRoutingPacketLength), null, TlvStream.Empty));
                break;
            case Misbehaviour.UpdateFeeFromFundee:
                // BOLT #2: the node not paying the fee "MUST NOT send `update_fee`".
                await peer.SendAsync(new UpdateFeeMessage(channelId, new Fulgur.Bitcoin.Fees.FeeRate(1000)));
                break;
        }

        // BOLT #2 (receiving): the node sends an error naming the channel and fails it.
        ErrorMessage error;
        while (true)
        {
            var message = await peer.ReceiveAsync();
            Assert.NotNull(message);
            if (message is ErrorMessage e)
            {
                error = e;
                break;
            }
        }
        Assert.Equal(channelId, error.ChannelId);
        var text = System.Text.Encoding.UTF8.GetString(error.Data.Span);
        Assert.Contains(misbehaviour switch
        {
            Misbehaviour.InvalidCommitmentSignature => "invalid signature",
            Misbehaviour.WrongRevocationSecret => "secret does not match",
            Misbehaviour.HtlcOverTheLimits => "CapacityExceeded",
            Misbehaviour.UpdateFeeFromFundee => "update_fee from the fundee",
            _ => "id 5, expected 0",
        }, text, StringComparison.Ordinal);
        // Failing a funded channel broadcasts our commitment; the daemon goes on answering RPC.
        var failed = await WaitForChannelAsync(x, c => c.GetProperty("state").GetString() is "AWAITING_UNILATERAL" or "ONCHAIN", "the channel failed");
        Assert.Equal(channelId.ToString(), failed.GetProperty("channel_id").GetString());
        var info = await x.RpcAsync("getinfo");
        Assert.Equal(x.Id, info.GetProperty("id").GetString());
        await chain.MineAsync(1);
        await WaitForChannelAsync(x, c => c.GetProperty("state").GetString() == "ONCHAIN", "the node's commitment confirmed");
    }
}
