package org.jams.gateway.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * The request line before Spring sees it, in Netty's pipeline right after the HTTP codec:
 * <ul>
 *   <li>A request the codec could not decode (a URI over 4 KiB, headers over 8 KiB, a malformed line) is answered
 *       with the JSON error (414, 431, 400) instead of Reactor Netty's empty one, and the connection closed.</li>
 *   <li>The Jami client does not escape its search query (protocol doc §6.3): a person who types {@code %} sends
 *       {@code ?queryString=%}. Characters a URI may not hold, and a {@code %} that starts no escape, are escaped
 *       here, so the request means what was typed instead of failing to parse.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class RequestLineGuard {

    private static final String HANDLER = "jams.requestLineGuard";

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> requestLineGuardInNettysPipeline() {
        return factory -> factory.addServerCustomizers(server -> server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(HANDLER) == null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new Guard());
            }
        }));
    }

    /** One per connection. */
    static final class Guard extends ChannelInboundHandlerAdapter {

        private boolean refused;

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (refused) {
                ReferenceCountUtil.release(message); // the rest of a request already answered
                return;
            }
            if (message instanceof HttpRequest request) {
                if (request.decoderResult().isFailure()) {
                    refused = true;
                    Throwable cause = request.decoderResult().cause();
                    ReferenceCountUtil.release(message);
                    refuse(context, cause);
                    return;
                }
                String repaired = repair(request.uri());
                if (!repaired.equals(request.uri())) {
                    request.setUri(repaired);
                }
            }
            context.fireChannelRead(message);
        }

        private static void refuse(ChannelHandlerContext context, Throwable cause) {
            HttpResponseStatus status;
            String code;
            String text;
            if (cause instanceof TooLongHttpLineException) {
                status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
                code = "uri_too_long";
                text = "The request's URI is longer than this server accepts (4 KiB).";
            } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
                status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
                code = "headers_too_large";
                text = "The request's headers are larger than this server accepts (8 KiB).";
            } else {
                status = HttpResponseStatus.BAD_REQUEST;
                code = "malformed_request";
                text = "The request line or headers could not be read.";
            }
            ByteBuf body = Unpooled.copiedBuffer("{\"error\":\"" + code + "\",\"message\":\"" + text + "\"}",
                    StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The URI with every character a URI may not hold percent-escaped (the raw bytes as they arrived), and every
     * {@code %} that does not start an escape written {@code %25}. A valid URI comes back unchanged.
     */
    static String repair(String uri) {
        StringBuilder repaired = null;
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            boolean escape = c == '%' && i + 2 < uri.length() && hex(uri.charAt(i + 1)) && hex(uri.charAt(i + 2));
            boolean keep = escape || (c != '%' && allowed(c));
            if (keep) {
                if (repaired != null) {
                    repaired.append(c);
                }
                continue;
            }
            if (repaired == null) {
                repaired = new StringBuilder(uri.length() + 16).append(uri, 0, i);
            }
            // Netty decodes the request line as ISO-8859-1: each char is one byte as it arrived.
            repaired.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
        }
        return repaired == null ? uri : repaired.toString();
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    /** RFC 3986's unreserved and reserved characters (and '%', which starts an escape). */
    private static boolean allowed(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:/?#[]@!$&'()*+,;=".indexOf(c) >= 0);
    }
}
