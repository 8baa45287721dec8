/** The embedding-model contract shared by the engine (model-bound collections) and quiver-embed. */
package dev.quiver.core.embed;
